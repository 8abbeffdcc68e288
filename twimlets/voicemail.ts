import { parseAddress } from '../src/mail/address.js'
import type { Letter } from '../src/mail/outbox.js'
import type { Transcript } from '../src/mail/voicemail-mail.js'
import { readMessage, type Message } from '../src/message.js'
import type { Params } from '../src/params.js'
import { ConfigProblem } from '../src/problems.js'
import type { Services } from '../src/services.js'
import { TwiML } from '../src/twiml.js'
import { carrySpeech, readSpeech, type Reply, type Speaking, type SpeechDefaults, type Twimlet } from '../src/twimlet.js'
import { httpUrl, type Links } from '../src/urls.js'

const TRANSCRIBE = true
/** Twilio transcribes recordings of this many seconds only; others get no transcription. */
const TRANSCRIBED_SECONDS = { min: 2, max: 120 }
const DURATION = { min: 0, max: 24 * 60 * 60 }
const TRANSCRIPTION_STATUS = new Map([['completed', 'completed'], ['failed', 'failed']] as const)

interface VoicemailOptions {
  email: string
  message: Message
  transcribe: boolean
  speech: Speaking
}

/** Twilio's parameters say which request this is. */
type Stage = 'greeting' | 'recording' | 'transcription'

function stageOf (params: Params): Stage {
  if (params.has('TranscriptionStatus')) return 'transcription'
  if (params.has('RecordingUrl')) return 'recording'
  return 'greeting'
}

function parse (params: Params, defaults: SpeechDefaults): VoicemailOptions {
  const typed = params.string('Email', 320)
  const email = typed === undefined ? undefined : parseAddress(typed)
  if (email === undefined) {
    throw new ConfigProblem('TW_NO_EMAIL', 'Email', typed === undefined ? 'missing' : `"${typed.slice(0, 80)}" is not an e-mail address`)
  }
  const speech = readSpeech(params, defaults)
  return {
    email,
    message: readMessage(params, 'Message') ?? { kind: 'say', text: speech.messages.voicemailGreeting },
    transcribe: params.bool('Transcribe') ?? TRANSCRIBE,
    speech
  }
}

/** The URL of the later stages: only what they need rides along (not the greeting). */
function selfLink (links: Links, options: VoicemailOptions): string {
  const query = new URLSearchParams({ Email: options.email })
  if (options.transcribe !== TRANSCRIBE) query.set('Transcribe', String(options.transcribe))
  return links.to('voicemail', carrySpeech(options.speech, query))
}

function renderGreeting (options: VoicemailOptions, links: Links): TwiML {
  const self = selfLink(links, options)
  return new TwiML(options.speech).message(options.message).record({
    action: self,
    transcribe: options.transcribe ? 'true' : undefined,
    transcribeCallback: options.transcribe ? self : undefined
  })
}

interface Recording {
  /** The MP3 to link to. */
  url: string | undefined
  /** Both callbacks about one recording name it alike, so they make one e-mail. */
  identity: string
  seconds: number | undefined
}

function readRecording (params: Params): Recording {
  const text = params.string('RecordingUrl')
  const url = text === undefined ? undefined : httpUrl(text)
  if (text !== undefined && url === undefined) params.warn('RecordingUrl', 'is not an http(s) URL; the e-mail has no link to the recording')
  let mp3: string | undefined
  if (url !== undefined) {
    const parsed = new URL(url)
    // Twilio's RecordingUrl has no extension; with ".mp3" it serves MP3 rather than WAV.
    if (!/\.[a-z0-9]{2,4}$/i.test(parsed.pathname)) parsed.pathname = `${parsed.pathname}.mp3`
    mp3 = parsed.href
  }
  return {
    url: mp3,
    identity: mp3 ?? params.string('CallSid', 64) ?? 'unknown call',
    seconds: params.int('RecordingDuration', DURATION)
  }
}

async function compose (params: Params, options: VoicemailOptions, recording: Recording, transcript: Transcript, services: Services): Promise<Letter> {
  const { mailLocale, mailTimeZone } = services.config
  // Loaded with the first e-mail, not at start-up: it brings xmlbuilder2, which takes ~60 ms to load.
  const { composeVoicemail } = await import('../src/mail/voicemail-mail.js')
  return {
    ...composeVoicemail({
      to: options.email,
      caller: params.string('From', 64) ?? params.string('Caller', 64),
      called: params.string('To', 64) ?? params.string('Called', 64),
      receivedAt: new Date(),
      durationSeconds: recording.seconds,
      recordingUrl: recording.url,
      transcript,
      locale: mailLocale,
      timeZone: mailTimeZone
    }),
    key: `voicemail\n${recording.identity}\n${options.email}`
  }
}

/**
 * The recording has arrived. Mail now when no transcription will follow; otherwise queue the
 * e-mail without one for later, so a transcription that never arrives loses nothing: when it
 * does arrive, its e-mail takes that one's place.
 */
async function onRecording (params: Params, options: VoicemailOptions, services: Services): Promise<Reply> {
  const recording = readRecording(params)
  const { seconds } = recording
  const transcribed = seconds === undefined || (seconds >= TRANSCRIBED_SECONDS.min && seconds <= TRANSCRIBED_SECONDS.max)
  const waitMs = services.config.voicemailTranscriptWaitMs
  const waiting = options.transcribe && transcribed
  const transcript: Transcript = !options.transcribe ? { kind: 'off' } : waiting ? { kind: 'late', waitedMs: waitMs } : { kind: 'out-of-range' }
  const letter = await compose(params, options, recording, transcript, services)
  await services.outbox.enqueue({ ...letter, notBefore: waiting ? Date.now() + waitMs : undefined })
  return { stage: 'recording', effects: true, twiml: new TwiML(options.speech).say(options.speech.messages.voicemailThanks).hangup() }
}

async function onTranscription (params: Params, options: VoicemailOptions, services: Services): Promise<Reply> {
  const status = params.choice('TranscriptionStatus', TRANSCRIPTION_STATUS)
  const transcript: Transcript = status === 'completed' ? { kind: 'text', text: params.string('TranscriptionText') ?? '' } : { kind: 'failed' }
  await services.outbox.enqueue({ ...await compose(params, options, readRecording(params), transcript, services), replace: true })
  // Twilio ignores the answer to a transcription callback.
  return { stage: 'transcription', effects: true, twiml: new TwiML(options.speech) }
}

export const voicemail: Twimlet = {
  name: 'voicemail',
  // The greeting is; the later stages queue e-mail, and say so.
  pure: true,
  params: ['Email', 'Message', 'Transcribe', 'Language', 'Voice'],
  // Not async: the greeting, most of voicemail's requests, is answered at once.
  handle ({ params, links, services }): Reply | Promise<Reply> {
    const options = parse(params, services.config)
    switch (stageOf(params)) {
      case 'greeting': return { stage: 'greeting', twiml: renderGreeting(options, links) }
      case 'recording': return onRecording(params, options, services)
      case 'transcription': return onTranscription(params, options, services)
    }
  }
}
