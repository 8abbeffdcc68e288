import { sayNumber } from '../src/i18n/say-number.js'
import { readMessage, type Message } from '../src/twimlet/message.js'
import type { Params } from '../src/params/params.js'
import { isWrittenNumber, parsePhone, type RegionDefaults } from '../src/dialing/phone.js'
import { TwiML } from '../src/twiml/twiml.js'
import { readSpeech, type Reply, type Speaking, type SpeechDefaults, type Twimlet } from '../src/twimlet/twimlet.js'

// A bare whisper URL keeps the hosted Twimlet's default; the dialing twimlets ask for screening.
const HUMAN_CHECK = false

interface WhisperOptions {
  message: Message
  /** The "press any key to accept" sentence, said after a Message of the URL's own (AcceptPrompt). */
  accept: string | undefined
  humanCheck: boolean
  speech: Speaking
  digits: string | undefined
}

/**
 * The caller's number as the person answering says it: grouped as written in their country
 * (the country of `To`, the phone that rings), with its country code when the caller is abroad.
 * A number libphonenumber-js does not know is read one digit at a time, as the hosted Twimlet did.
 * `CallFrom`, set by a dialing twimlet whose CallerId shows this leg another number, names the
 * caller instead of `From`.
 */
function callerWords (params: Params, speech: Speaking, defaults: RegionDefaults): string | undefined {
  const from = params.string('CallFrom', 64) ?? params.string('From')
  if (from === undefined || !isWrittenNumber(from)) return undefined
  const caller = parsePhone(from)
  if (caller?.valid !== true) return sayNumber(from.replace(/\D/g, ''), speech.messages.phone)
  const to = params.string('To')
  const home = (to === undefined ? undefined : parsePhone(to)?.country) ?? defaults.defaultRegion
  return sayNumber(caller.country === home ? caller.national : caller.international, speech.messages.phone)
}

function parse (params: Params, defaults: RegionDefaults & SpeechDefaults): WhisperOptions {
  const speech = readSpeech(params, defaults)
  const typed = readMessage(params, 'Message')
  // The default message says it already.
  const accept = typed !== undefined && params.bool('AcceptPrompt') === true ? speech.messages.accept : undefined
  return {
    message: typed ?? { kind: 'say', text: speech.messages.whisper(callerWords(params, speech, defaults)) },
    accept,
    humanCheck: params.bool('HumanCheck') ?? HUMAN_CHECK,
    speech,
    digits: params.has('Digits') ? params.raw('Digits') ?? '' : undefined
  }
}

function renderPrompt (options: WhisperOptions): TwiML {
  const twiml = new TwiML(options.speech).gather({ numDigits: 1 }, (gather) => {
    gather.message(options.message)
    if (options.accept !== undefined) gather.say(options.accept)
  })
  // Without a key press the leg is hung up, so an answering machine never takes the call.
  return options.humanCheck ? twiml.hangup() : twiml
}

function renderAnswer (digits: string, speech: Speaking): TwiML {
  // An empty document bridges the two legs; hanging up refuses the call.
  return digits.trim() === '' ? new TwiML(speech).hangup() : new TwiML(speech)
}

export const whisper: Twimlet = {
  name: 'whisper',
  pure: true,
  params: ['Message', 'HumanCheck', 'AcceptPrompt', 'CallFrom', 'Language', 'Voice'],
  handle ({ params, services }): Reply {
    const options = parse(params, services.config)
    if (options.digits !== undefined) return { stage: 'answer', twiml: renderAnswer(options.digits, options.speech) }
    return { stage: 'prompt', twiml: renderPrompt(options) }
  }
}
