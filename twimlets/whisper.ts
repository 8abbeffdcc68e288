import { readMessage, type Message } from '../src/message.js'
import type { Params } from '../src/params.js'
import { TwiML, type Speech } from '../src/twiml.js'
import { readSpeech, type Reply, type Twimlet } from '../src/twimlet.js'

// A bare whisper URL keeps the hosted Twimlet's default; the dialing twimlets ask for screening.
const HUMAN_CHECK = false

interface WhisperOptions {
  message: Message
  humanCheck: boolean
  speech: Speech
  digits: string | undefined
}

/** "4 1 5 5 5 5 1 2 1 2": read one digit at a time, as the hosted Twimlet did. */
function defaultMessage (from: string | undefined): Message {
  const digits = /^\+?[\d\s().-]+$/.test(from ?? '') ? (from ?? '').replace(/\D/g, '') : ''
  const who = digits === '' ? '' : ` from ${digits.split('').join(' ')}`
  return { kind: 'say', text: `You are receiving a call${who}. Press any key to accept.` }
}

function parse (params: Params): WhisperOptions {
  return {
    message: readMessage(params, 'Message') ?? defaultMessage(params.string('From')),
    humanCheck: params.bool('HumanCheck') ?? HUMAN_CHECK,
    speech: readSpeech(params),
    digits: params.has('Digits') ? params.raw('Digits') ?? '' : undefined
  }
}

function renderPrompt (options: WhisperOptions): TwiML {
  const twiml = new TwiML(options.speech).gather({ numDigits: 1 }, (gather) => gather.message(options.message))
  // Without a key press the leg is hung up, so an answering machine never takes the call.
  return options.humanCheck ? twiml.hangup() : twiml
}

function renderAnswer (digits: string, speech: Speech): TwiML {
  // An empty document bridges the two legs; hanging up refuses the call.
  return digits.trim() === '' ? new TwiML(speech).hangup() : new TwiML(speech)
}

export const whisper: Twimlet = {
  name: 'whisper',
  pure: true,
  params: ['Message', 'HumanCheck', 'Language', 'Voice'],
  handle ({ params }): Reply {
    const options = parse(params)
    if (options.digits !== undefined) return { stage: 'answer', twiml: renderAnswer(options.digits, options.speech) }
    return { stage: 'prompt', twiml: renderPrompt(options) }
  }
}
