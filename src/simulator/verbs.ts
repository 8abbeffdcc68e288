import type { XmlElement } from '../twiml/xml.js'
import type { Call, Fetch, Leg, LegEnd, Realtime } from './call.js'
import { attr, children, intAttr, resolveUrl, textOf } from './document.js'
import type { Method } from './script.js'

/** The document a verb stands in: its final URL, against which its URLs resolve. */
export interface Doc {
  url: string
  root: XmlElement
}

/** A verb's outcome: the next request, how the leg ended, or undefined to go on with the next verb. */
export type Step = Fetch | LegEnd | undefined

export const API_VERSION = '2010-04-01'
/** Twilio's <Record> transcribes recordings of this many seconds only. */
const TRANSCRIBED = { min: 2, max: 120 }

function methodOf (verb: XmlElement, name = 'method'): Method {
  return attr(verb, name)?.toUpperCase() === 'GET' ? 'GET' : 'POST'
}

/** `action`, or the document's own URL when there is none, as <Gather> and <Record> do. */
function actionOf (call: Call, leg: Leg, verb: XmlElement, doc: Doc): string | 'error' {
  const action = attr(verb, 'action')
  return action === undefined || action.trim() === '' ? doc.url : call.resolve(leg, action, doc.url)
}

/** <Say>, <Play> and <Pause>: heard on the leg. False for any other verb. */
export function prompt (call: Call, leg: Leg, verb: XmlElement): boolean {
  switch (verb.name) {
    case 'Say':
      call.emit({ type: 'say', leg: leg.name, text: textOf(verb).trim(), voice: attr(verb, 'voice'), language: attr(verb, 'language'), loop: intAttr(verb, 'loop', 1) })
      return true
    case 'Play':
      call.emit({ type: 'play', leg: leg.name, url: textOf(verb).trim(), loop: intAttr(verb, 'loop', 1) })
      return true
    case 'Pause':
      call.emit({ type: 'pause', leg: leg.name, seconds: intAttr(verb, 'length', 1) })
      return true
    default:
      return false
  }
}

/** <Redirect>: empty, the current document's URL again; wait music starts over instead. */
export function redirect (call: Call, leg: Leg, verb: XmlElement, doc: Doc): Step {
  if (leg.role === 'hold') {
    call.emit({ type: 'note', leg: leg.name, text: 'starts over, for as long as the caller waits' })
    return 'done'
  }
  const target = textOf(verb).trim()
  const url = target === '' ? doc.url : call.resolve(leg, target, doc.url)
  return url === 'error' ? url : { url, method: methodOf(verb), extra: {} }
}

/** <Gather>: its prompts, then the leg's next keys submitted; silence falls through. */
export function gather (call: Call, leg: Leg, verb: XmlElement, doc: Doc): Step {
  for (const inner of children(verb)) prompt(call, leg, inner)
  const typed = leg.keys()
  const url = actionOf(call, leg, verb, doc)
  if (url === 'error') return url
  if (typed === undefined || typed === '') {
    call.emit({ type: 'gather', leg: leg.name, digits: undefined })
    return attr(verb, 'actionOnEmptyResult') === 'true' ? { url, method: methodOf(verb), extra: { Digits: '' } } : undefined
  }
  const finish = attr(verb, 'finishOnKey') ?? '#'
  const stop = [...typed].findIndex((key) => finish.includes(key))
  const numDigits = intAttr(verb, 'numDigits', 0)
  let digits = stop === -1 ? typed : typed.slice(0, stop)
  if (numDigits > 0) digits = digits.slice(0, numDigits)
  call.progress++
  call.emit({ type: 'gather', leg: leg.name, digits: typed })
  return { url, method: methodOf(verb), extra: { Digits: digits } }
}

/** Twilio's leg for callbacks about a call made beside it: the call's SIDs only, as Twilio sends them. */
function sidsLeg (name: string, leg: Leg): Leg {
  return { name, role: 'callback', params: { AccountSid: leg.params.AccountSid ?? '', CallSid: leg.params.CallSid ?? '' }, keys: () => undefined }
}

/**
 * <Record recordingStatusCallback>: Twilio's request once the recording is processed, after the
 * call, before its transcription. Only `completed`, Twilio's default event, is simulated.
 */
function recordingStatus (call: Call, leg: Leg, verb: XmlElement, doc: Doc, recording: Record<string, string>): void {
  const callback = attr(verb, 'recordingStatusCallback')?.trim() ?? ''
  const events = (attr(verb, 'recordingStatusCallbackEvent') ?? 'completed').split(/[\s,]+/)
  if (callback === '' || !events.includes('completed')) return
  const url = resolveUrl(callback, doc.url)
  if (url === undefined) {
    call.emit({ type: 'note', leg: leg.name, text: `the <Record> recordingStatusCallback "${callback.slice(0, 200)}" is not a URL Twilio can request: Twilio sends it nothing (warning 13256)` })
    return
  }
  call.later(sidsLeg('recording status', leg), {
    url,
    method: methodOf(verb, 'recordingStatusCallbackMethod'),
    extra: {
      ...recording,
      RecordingStatus: 'completed',
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
      RecordingStartTime: new Date().toUTCString().replace(/GMT$/, '+0000')
    }
  })
}

function transcribe (call: Call, leg: Leg, verb: XmlElement, doc: Doc, recording: Record<string, string>): void {
  const callback = attr(verb, 'transcribeCallback')
  if (attr(verb, 'transcribe') !== 'true' || callback === undefined) return
  const seconds = Number(recording.RecordingDuration)
  if (seconds < TRANSCRIBED.min || seconds > TRANSCRIBED.max) {
    call.emit({ type: 'note', leg: leg.name, text: `Twilio transcribes recordings of ${TRANSCRIBED.min} to ${TRANSCRIBED.max} s only: no transcription` })
    return
  }
  call.emit({ type: 'transcription', leg: leg.name, language: 'en-US', mode: 'classic' })
  const url = call.resolve(leg, callback, doc.url)
  if (url === 'error') return
  const sid = call.sids.next('TR')
  call.later({ name: 'transcription', role: 'callback', params: { ...leg.params, CallStatus: 'completed' }, keys: () => undefined }, {
    url,
    method: 'POST',
    extra: {
      ...recording,
      TranscriptionSid: sid,
      TranscriptionText: call.script.transcription,
      TranscriptionStatus: 'completed',
      TranscriptionUrl: `https://api.twilio.com/${API_VERSION}/Accounts/${leg.params.AccountSid ?? ''}/Transcriptions/${sid}`,
      TranscriptionType: 'fast'
    }
  })
}

/**
 * <Record>: the caller speaks for the script's seconds and ends with # (when # ends it). An empty
 * recording makes no request: Twilio goes on with the next verb. The recording status callback
 * and a transcription, when asked for, arrive after the call.
 */
export function record (call: Call, leg: Leg, verb: XmlElement, doc: Doc): Step {
  if (leg.role !== 'caller') {
    call.emit({ type: 'note', leg: leg.name, text: '<Record> is not simulated on this leg; skipped' })
    return undefined
  }
  const seconds = Math.min(call.script.recordSeconds, intAttr(verb, 'maxLength', 3600) || 3600)
  if (seconds === 0) {
    call.emit({ type: 'record', leg: leg.name, seconds: 0 })
    return undefined
  }
  call.progress++
  const sid = call.sids.next('RE')
  const recordingUrl = `https://api.twilio.com/${API_VERSION}/Accounts/${leg.params.AccountSid ?? ''}/Recordings/${sid}`
  call.emit({ type: 'record', leg: leg.name, seconds, recordingUrl })
  const recording = { RecordingSid: sid, RecordingUrl: recordingUrl, RecordingDuration: String(seconds) }
  recordingStatus(call, leg, verb, doc, recording)
  transcribe(call, leg, verb, doc, recording)
  for (const realtime of call.realtime) if (realtime.callSid === leg.params.CallSid) transcribed(call, realtime)
  const url = actionOf(call, leg, verb, doc)
  if (url === 'error') return url
  const finished: Record<string, string> = (attr(verb, 'finishOnKey') ?? '1234567890*#').includes('#') ? { Digits: '#' } : {}
  return { url, method: methodOf(verb), extra: { ...recording, ...finished } }
}

/** Tracks of a real-time transcription that hear the caller's leg; Twilio's default is both. */
const HEARS_CALLER = new Set(['inbound_track', 'both_tracks'])

/** One of Twilio's events about a real-time transcription, sent to its statusCallbackUrl after the call. */
function transcriptionEvent (call: Call, realtime: Realtime, event: string, extra: Record<string, string> = {}): void {
  realtime.sequence++
  call.later(realtime.leg, {
    url: realtime.url,
    method: realtime.method,
    extra: {
      TranscriptionSid: realtime.sid,
      Timestamp: new Date().toISOString(),
      TranscriptionEvent: event,
      SequenceId: String(realtime.sequence),
      ...extra
    }
  })
}

/** What the caller said at a <Record>, as final results: one utterance a sentence. */
function transcribed (call: Call, realtime: Realtime): void {
  if (!HEARS_CALLER.has(realtime.track)) return
  const sentences = call.script.transcription.match(/[^.!?。！？]+[.!?。！？]*/g) ?? []
  for (const sentence of sentences.map((s) => s.trim()).filter((s) => s !== '')) {
    transcriptionEvent(call, realtime, 'transcription-content', {
      LanguageCode: realtime.language,
      Track: 'inbound_track',
      TranscriptionData: JSON.stringify({ transcript: sentence, confidence: 0.95 }),
      Final: 'true'
    })
  }
}

/**
 * <Start>: a real-time <Transcription> begins, its events (started, the caller's words at
 * each <Record>, stopped when the call ends) sent to statusCallbackUrl. Other nouns are not
 * simulated.
 */
export function start (call: Call, leg: Leg, verb: XmlElement): Step {
  for (const noun of children(verb)) {
    if (noun.name !== 'Transcription' || leg.role !== 'caller') {
      call.emit({ type: 'note', leg: leg.name, text: `<Start><${noun.name}> is not simulated${leg.role === 'caller' ? '' : ' on this leg'}; skipped` })
      continue
    }
    const language = attr(noun, 'languageCode') ?? 'en-US'
    call.emit({ type: 'transcription', leg: leg.name, language, mode: 'realtime' })
    const callback = attr(noun, 'statusCallbackUrl')?.trim() ?? ''
    const url = /^https?:\/\//i.test(callback) ? resolveUrl(callback, callback) : undefined
    if (url === undefined) {
      call.emit({
        type: 'note',
        leg: leg.name,
        text: callback === ''
          ? 'the <Transcription> has no statusCallbackUrl: nobody hears of its words'
          : `the <Transcription> statusCallbackUrl "${callback.slice(0, 200)}" is not an absolute http(s) URL: Twilio sends it nothing (error 17585)`
      })
      continue
    }
    const realtime: Realtime = {
      leg: sidsLeg('transcription', leg),
      callSid: leg.params.CallSid ?? '',
      url,
      method: methodOf(noun, 'statusCallbackMethod'),
      language,
      track: attr(noun, 'track') ?? 'both_tracks',
      sid: call.sids.next('GT'),
      sequence: 0
    }
    call.realtime.push(realtime)
    transcriptionEvent(call, realtime, 'transcription-started', {
      LanguageCode: language, Track: realtime.track, ProviderName: 'Google', PartialResults: attr(noun, 'partialResults') ?? 'false'
    })
  }
  return undefined
}

/** The call has ended: every real-time transcription stops. */
export function stopTranscriptions (call: Call): void {
  for (const realtime of call.realtime) transcriptionEvent(call, realtime, 'transcription-stopped')
}
