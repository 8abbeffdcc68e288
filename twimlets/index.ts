import type { Twimlet } from '../src/twimlet/twimlet.js'
import { callme } from './callme.js'
import { conference } from './conference.js'
import { echo } from './echo.js'
import { findme } from './findme.js'
import { forward } from './forward.js'
import { holdmusic } from './holdmusic.js'
import { hours } from './hours.js'
import { menu } from './menu.js'
import { message } from './message.js'
import { simulring } from './simulring.js'
import { voicemail } from './voicemail.js'
import { whisper } from './whisper.js'

/** Every twimlet the service answers, at /<name>. */
export const twimlets: readonly Twimlet[] = [forward, simulring, findme, callme, whisper, holdmusic, voicemail, message, menu, conference, echo, hours]
