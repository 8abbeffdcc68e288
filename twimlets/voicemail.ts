import { messages } from '../src/i18n/messages.js'
import { parseAddress, routingHazard } from '../src/mail/address.js'
import type { Enqueued, Letter } from '../src/mail/outbox.js'
import { recipientVerdict } from '../src/mail/policy.js'
import {
  callSidOf, progressOf, readTranscriptionEvent, transcriptText, withEvent, withRecording, type RecordingFacts, type VoicemailDraft
} from '../src/mail/realtime-transcript.js'
import { timeZoneName } from '../src/mail/time-zone.js'
import type { Transcript } from '../src/mail/voicemail-mail.js'
import { readMessage, type Message } from '../src/twimlet/message.js'
import type { Config } from '../src/config.js'
import type { Params } from '../src/params/params.js'
import { ConfigProblem } from '../src/params/problems.js'
import type { Services } from '../src/services.js'
import { TwiML } from '../src/twiml/twiml.js'
import { carrySpeech, readSpeech, type Reply, type Speaking, type Twimlet } from '../src/twimlet/twimlet.js'
import { httpUrl, type Links } from '../src/params/urls.js'

const TRANSCRIBE = true
/** Twilio transcribes recordings of this many seconds only; others get no transcription. */
const TRANSCRIBED_SECONDS = { min: 2, max: 120 }
const DURATION = { min: 0, max: 24 * 60 * 60 }
const TRANSCRIPTION_STATUS = new Map([['completed', 'completed'], ['failed', 'failed']] as const)
/** <Record transcribe> knows English only; a message in another language is transcribed as it is spoken. */
const RECORD_TRANSCRIBES = /^en(-|$)/i
/** Real-time transcription takes a language with its region (ja-JP); these stand for a language typed alone. */
const REGIONS: Readonly<Record<string, string>> = {
  ja: 'ja-JP', ko: 'ko-KR', zh: 'zh-CN', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', it: 'it-IT', pt: 'pt-BR', nl: 'nl-NL', ru: 'ru-RU', pl: 'pl-PL', sv: 'sv-SE'
}
/** After transcription-stopped with an event still missing, a retried straggler gets this long, the wait permitting. */
const STRAGGLER_WAIT_MS = 30_000
/**
 * How long the recording status callback's e-mail, which cannot name the caller, waits for
 * <Record>'s action's, which can and takes its place; a transcript awaited waits longer.
 */
const STATUS_GRACE_MS = 60_000
/**
 * Letter.revision of each callback's e-mail, by how much of the message it tells: the
 * recording status callback knows no caller, <Record>'s action does, a transcript tells more.
 * A real-time draft's e-mail is the action's plus one for each transcription event it holds.
 */
const REVISION = { status: 0, recording: 1, transcript: 2 } as const
const RECORDING_STATUS = new Map([['completed', 'completed'], ['absent', 'absent'], ['failed', 'failed']] as const)
/** Parameters of every request Twilio makes during the call, <Record>'s action's too, and never of its recording status callback. */
const CALL_ONLY = ['CallStatus', 'Digits']

/** How the message is transcribed: by <Record> (English), in real time (<Start><Transcription>), or not at all. */
type Transcription = { kind: 'off' } | { kind: 'record' } | { kind: 'realtime', languageCode: string }

interface VoicemailOptions {
  email: string
  message: Message
  transcribe: boolean
  transcription: Transcription
  speech: Speaking
  /** The e-mail's language: the URL's Language when there are sentences for it, else MAIL_LOCALE. */
  mailLocale: string
  /** The e-mail's time zone as typed in TimeZone (checked); MAIL_TIME_ZONE applies when undefined. */
  timeZone: string | undefined
}

/** Twilio's parameters say which request this is. */
type Stage = 'greeting' | 'recording' | 'recording-status' | 'transcription' | 'transcription-event'

function stageOf (params: Params): Stage {
  if (params.has('TranscriptionEvent')) return 'transcription-event'
  if (params.has('TranscriptionStatus')) return 'transcription'
  // <Record>'s action and its recording status callback both name the recording; only the
  // callback says RecordingStatus, and only the action has the call's own parameters. One with
  // both is taken for the action: its answer is TwiML a call can go on with.
  if (params.has('RecordingStatus') && !CALL_ONLY.some((name) => params.has(name))) return 'recording-status'
  if (params.has('RecordingUrl')) return 'recording'
  return 'greeting'
}

function readTimeZone (params: Params, fallback: string | undefined): string | undefined {
  const typed = params.string('TimeZone', 64)
  if (typed === undefined) return undefined
  const zone = timeZoneName(typed)
  if (zone === undefined) {
    params.warn('TimeZone', `"${typed}" is not an IANA time zone, such as Asia/Tokyo; the e-mail's times are in ${fallback ?? "the server's time zone"}`)
  }
  return zone
}

function mailLocaleOf (speech: Speaking, fallback: string): string {
  const typed = speech.carried.language
  if (typed === undefined) return fallback
  // Without sentences in its language, an e-mail is wholly in the operator's.
  return messages(typed).language.split('-')[0] === typed.split('-')[0]?.toLowerCase() ? typed : fallback
}

function transcriptionOf (transcribe: boolean, language: string | undefined): Transcription {
  if (!transcribe) return { kind: 'off' }
  if (language === undefined || RECORD_TRANSCRIBES.test(language)) return { kind: 'record' }
  return { kind: 'realtime', languageCode: language.includes('-') ? language : REGIONS[language.toLowerCase()] ?? language }
}

function readEmail (params: Params, config: Config): string {
  const typed = params.string('Email', 320)
  const email = typed === undefined ? undefined : parseAddress(typed)
  if (email === undefined) {
    const hazard = typed === undefined ? undefined : routingHazard(typed)
    throw new ConfigProblem('TW_NO_EMAIL', 'Email', typed === undefined
      ? 'missing'
      : `"${typed.slice(0, 80)}" is not an e-mail address${hazard === undefined ? '' : ` this service writes to: ${hazard}`}`)
  }
  // The outbox would refuse it with the recording; said now, the greeting's check shows it.
  // Only mail over SMTP without signatures is ever refused once the address is well formed.
  if (config.smtpUrl !== undefined && config.authTokens.length === 0) {
    const verdict = recipientVerdict(email, { external: true, allowed: config.voicemailAllowedRecipients, signed: false })
    if (!verdict.allowed) params.error('Email', `e-mail to ${email} is refused, so messages left here are not sent: ${verdict.reason}`)
  }
  return email
}

function parse (params: Params, config: Config): VoicemailOptions {
  const email = readEmail(params, config)
  const speech = readSpeech(params, config)
  const transcribe = params.bool('Transcribe') ?? TRANSCRIBE
  return {
    email,
    message: readMessage(params, 'Message') ?? { kind: 'say', text: speech.messages.voicemailGreeting },
    transcribe,
    transcription: transcriptionOf(transcribe, speech.language),
    speech,
    mailLocale: mailLocaleOf(speech, config.mailLocale),
    timeZone: readTimeZone(params, config.mailTimeZone)
  }
}

/** The URL of the later stages: only what they need rides along (not the greeting). */
function selfLink (links: Links, options: VoicemailOptions): string {
  const query = new URLSearchParams({ Email: options.email })
  if (options.transcribe !== TRANSCRIBE) query.set('Transcribe', String(options.transcribe))
  if (options.timeZone !== undefined) query.set('TimeZone', options.timeZone)
  return links.to('voicemail', carrySpeech(options.speech, query))
}

function renderGreeting (options: VoicemailOptions, links: Links): TwiML {
  const self = selfLink(links, options)
  const { transcription } = options
  const twiml = new TwiML(options.speech).message(options.message)
  // Started after the greeting, for the caller's side only: the transcript is the caller's words.
  if (transcription.kind === 'realtime') {
    twiml.start((start) => start.transcription({ languageCode: transcription.languageCode, track: 'inbound_track', statusCallbackUrl: links.absolute(self) }))
  }
  const classic = transcription.kind === 'record'
  // The recording status callback comes whatever became of the action and the transcription,
  // so a message that cannot be stored is a failed request in Twilio's Debugger. Unlike
  // <Transcription statusCallbackUrl>, Twilio resolves it against the document: it stays relative.
  return twiml.record({ action: self, transcribe: classic ? 'true' : undefined, transcribeCallback: classic ? self : undefined, recordingStatusCallback: self })
}

function readRecording (params: Params): RecordingFacts {
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
    caller: params.string('From', 64) ?? params.string('Caller', 64),
    called: params.string('To', 64) ?? params.string('Called', 64),
    url: mp3,
    seconds: params.int('RecordingDuration', DURATION),
    receivedAt: Date.now()
  }
}

/** Callbacks about one message name it alike, so they make one e-mail: by its recording, or by its call. */
function keyOf (identity: string, options: VoicemailOptions): string {
  return `voicemail\n${identity}\n${options.email}`
}

/** The key of the message a recording's callback is about: by its call when transcribed in real time (the events name only the call). */
function messageKey (params: Params, options: VoicemailOptions, recording: RecordingFacts): string {
  const callSid = options.transcription.kind === 'realtime' ? callSidOf(params) : undefined
  return keyOf(callSid ?? recording.url ?? params.string('CallSid', 64) ?? 'unknown call', options)
}

/** What the e-mail says of a transcript that is not there yet, and how long it waits for one (undefined: it goes now). */
function awaited (options: VoicemailOptions, seconds: number | undefined, waitMs: number): { transcript: Transcript, waitMs: number | undefined } {
  switch (options.transcription.kind) {
    case 'off': return { transcript: { kind: 'off' }, waitMs: undefined }
    case 'realtime': return { transcript: { kind: 'late', waitedMs: waitMs }, waitMs }
    case 'record':
      return seconds === undefined || (seconds >= TRANSCRIBED_SECONDS.min && seconds <= TRANSCRIBED_SECONDS.max)
        ? { transcript: { kind: 'late', waitedMs: waitMs }, waitMs }
        : { transcript: { kind: 'out-of-range' }, waitMs: undefined }
  }
}

async function compose (options: VoicemailOptions, recording: RecordingFacts, transcript: Transcript, key: string, services: Services): Promise<Letter> {
  // Loaded with the first e-mail, not at start-up: it brings xmlbuilder2, which takes ~60 ms to load.
  const { composeVoicemail } = await import('../src/mail/voicemail-mail.js')
  return {
    ...composeVoicemail({
      to: options.email,
      caller: recording.caller,
      called: recording.called,
      receivedAt: new Date(recording.receivedAt),
      durationSeconds: recording.seconds,
      recordingUrl: recording.url,
      transcript,
      locale: options.mailLocale,
      timeZone: options.timeZone ?? services.config.mailTimeZone
    }),
    key,
    caller: recording.caller
  }
}

function thanks (options: VoicemailOptions): Reply {
  return { stage: 'recording', effects: true, twiml: new TwiML(options.speech).say(options.speech.messages.voicemailThanks).hangup() }
}

/**
 * The answer to a callback Twilio makes beside the call (recordingStatusCallback,
 * transcribeCallback, real-time transcription events): Twilio plays nothing of it, so its
 * status is free to tell the truth. When the e-mail could not be stored (a quota, the queue
 * full, the disk budget spent, the disk failing; the outbox logged it as an error), a 503 makes
 * Twilio record the failed request in the account's Debugger (11217, "HTTP error response
 * code"; 95200 for real-time transcription events), where the owner of the number looks,
 * rather than a 200 saying all is well. Nothing of the call depends on it. Where Twilio
 * retries a 5xx (it does for transcription events), the retry is stored if room was made
 * meanwhile.
 */
function callbackAnswer (stage: string, options: VoicemailOptions, stored: boolean): Reply {
  return { stage, effects: true, twiml: new TwiML(options.speech), status: stored ? undefined : 503 }
}

function isStored (result: Enqueued): boolean {
  return result !== 'failed'
}

/**
 * The recording has arrived. Mail now when no transcription will follow; otherwise queue the
 * e-mail without one for later, so a transcription that never arrives loses nothing: when it
 * does arrive, its e-mail takes that one's place.
 */
async function onRecording (params: Params, options: VoicemailOptions, services: Services): Promise<Reply> {
  const recording = readRecording(params)
  if (options.transcription.kind === 'realtime') return await onRealtimeRecording(params, options, options.transcription.languageCode, recording, services)
  const { transcript, waitMs } = awaited(options, recording.seconds, services.config.voicemailTranscriptWaitMs)
  const letter = await compose(options, recording, transcript, messageKey(params, options, recording), services)
  // This is <Record>'s action: its answer is what the caller hears, so it is TwiML and a 200
  // whatever became of the e-mail (an e-mail not stored is an error in the log). The
  // recording status callback (and the transcription callback) that follows tries again, and
  // answers 503 if it cannot store it. It takes the place of the status callback's e-mail,
  // which came first, for it names the caller.
  await services.outbox.enqueue({ ...letter, notBefore: waitMs === undefined ? undefined : Date.now() + waitMs, replace: true, revision: REVISION.recording })
  return thanks(options)
}

/**
 * Twilio's recording status callback, after the call: it knows the recording but not the
 * caller. Its e-mail goes only where <Record>'s action stored none (it failed, or has not come
 * yet): the same key makes it a duplicate of the action's, and else it waits a while for the
 * action's to take its place.
 */
async function onRecordingStatus (params: Params, options: VoicemailOptions, services: Services): Promise<Reply> {
  const status = params.choice('RecordingStatus', RECORDING_STATUS)
  if (status !== 'completed') {
    // Nothing to mail either way. Absent: Twilio kept no recording (too short, or silence) and
    // requested no action: no message was left. Failed: the recording is lost, and the action,
    // which came during the call, has mailed what there is to say.
    if (status === 'absent') params.info('RecordingStatus', 'absent: Twilio kept no recording (too short, or silent), so no message was left; no e-mail')
    if (status === 'failed') params.warn('RecordingStatus', 'failed: Twilio could not keep the recording; the e-mail, if sent, links to a recording that is not there')
    return callbackAnswer('recording-status', options, true)
  }
  const recording = readRecording(params)
  const { transcript, waitMs } = awaited(options, recording.seconds, services.config.voicemailTranscriptWaitMs)
  const letter = await compose(options, recording, transcript, messageKey(params, options, recording), services)
  const result = await services.outbox.enqueue({ ...letter, notBefore: Date.now() + (waitMs ?? STATUS_GRACE_MS), revision: REVISION.status })
  return callbackAnswer('recording-status', options, isStored(result))
}

async function onTranscription (params: Params, options: VoicemailOptions, services: Services): Promise<Reply> {
  const status = params.choice('TranscriptionStatus', TRANSCRIPTION_STATUS)
  const transcript: Transcript = status === 'completed' ? { kind: 'text', text: params.string('TranscriptionText') ?? '' } : { kind: 'failed' }
  const recording = readRecording(params)
  const letter = await compose(options, recording, transcript, messageKey(params, options, recording), services)
  const result = await services.outbox.enqueue({ ...letter, replace: true, revision: REVISION.transcript })
  return callbackAnswer('transcription', options, isStored(result))
}

/**
 * The e-mail of a message transcribed in real time, from all that has arrived of it; each
 * newer one takes the waiting one's place. The transcript is whole when the transcription
 * stopped and no event before the stop is missing: it goes at once. Until then it waits, at
 * most voicemailTranscriptWaitMs from the recording, and then goes with what had arrived.
 */
async function mailDraft (draft: VoicemailDraft, key: string, options: VoicemailOptions, languageCode: string, services: Services): Promise<Enqueued> {
  const { recording } = draft
  // The words came first: the recording's callback mails them.
  if (recording === undefined) return 'duplicate'
  const waitMs = services.config.voicemailTranscriptWaitMs
  const deadline = recording.receivedAt + waitMs
  const text = transcriptText(draft, languageCode)
  let transcript: Transcript
  let notBefore: number | undefined
  switch (progressOf(draft)) {
    case 'complete':
      transcript = draft.failed === true && text === '' ? { kind: 'failed' } : { kind: 'text', text }
      break
    case 'gap':
      transcript = { kind: 'text', text }
      notBefore = Math.min(deadline, Date.now() + STRAGGLER_WAIT_MS)
      break
    case 'running':
      transcript = { kind: 'partial', text, waitedMs: waitMs }
      notBefore = deadline
  }
  // Each event the draft holds is one more revision: of two callbacks composing at once, the
  // e-mail of the older draft, stored last, does not replace the newer one's.
  const revision = REVISION.recording + draft.seen.length
  return await services.outbox.enqueue({ ...await compose(options, recording, transcript, key, services), notBefore, replace: true, revision })
}

async function onRealtimeRecording (params: Params, options: VoicemailOptions, languageCode: string, recording: RecordingFacts, services: Services): Promise<Reply> {
  const callSid = callSidOf(params)
  const draft = callSid === undefined ? undefined : await services.drafts.update(keyOf(callSid, options), (d) => withRecording(d, recording))
  if (draft === undefined) {
    // The transcript cannot be matched to the message (or kept): the message itself still goes.
    if (callSid === undefined) params.warn('CallSid', 'is not a Twilio call SID: the transcript cannot be matched; the e-mail goes without it')
    const letter = await compose(options, recording, { kind: 'failed' }, messageKey(params, options, recording), services)
    await services.outbox.enqueue({ ...letter, replace: true, revision: REVISION.recording })
  } else {
    await mailDraft(draft, keyOf(callSid as string, options), options, languageCode, services)
  }
  return thanks(options)
}

/** One of Twilio's real-time transcription events: kept, then the e-mail written anew. */
async function onTranscriptionEvent (params: Params, options: VoicemailOptions, services: Services): Promise<Reply> {
  const done = callbackAnswer('transcription-event', options, true)
  if (options.transcription.kind !== 'realtime') {
    params.warn('TranscriptionEvent', 'this voicemail transcribes with <Record> or not at all, so Twilio sends it no real-time transcription; ignored')
    return done
  }
  const event = readTranscriptionEvent(params)
  if (event === undefined) return done
  const key = keyOf(event.callSid, options)
  const draft = await services.drafts.update(key, (d) => withEvent(d, event))
  // A draft that could not be kept (logged as an error) is a failed request too.
  const stored = draft !== undefined && isStored(await mailDraft(draft, key, options, options.transcription.languageCode, services))
  return stored ? done : callbackAnswer('transcription-event', options, false)
}

export const voicemail: Twimlet = {
  name: 'voicemail',
  // The greeting is; the later stages queue e-mail, and say so.
  pure: true,
  params: ['Email', 'Message', 'Transcribe', 'Language', 'Voice', 'TimeZone'],
  // Not async: the greeting, most of voicemail's requests, is answered at once.
  handle ({ params, links, services }): Reply | Promise<Reply> {
    const options = parse(params, services.config)
    switch (stageOf(params)) {
      case 'greeting': return { stage: 'greeting', twiml: renderGreeting(options, links) }
      case 'recording': return onRecording(params, options, services)
      case 'recording-status': return onRecordingStatus(params, options, services)
      case 'transcription': return onTranscription(params, options, services)
      case 'transcription-event': return onTranscriptionEvent(params, options, services)
    }
  }
}
