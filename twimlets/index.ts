import type { Twimlet } from '../src/twimlet.js'
import { callme } from './callme.js'
import { findme } from './findme.js'
import { forward } from './forward.js'
import { simulring } from './simulring.js'
import { whisper } from './whisper.js'

/** Every twimlet the service answers, at /<name>. */
export const twimlets: readonly Twimlet[] = [forward, simulring, findme, callme, whisper]
