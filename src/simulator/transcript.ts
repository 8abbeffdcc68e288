import type { Method } from './script.js'
import type { StoryOptions } from './story.js'
import { summarize } from './summary.js'

/** Who an event happened to: `caller`, a dialed target as written in the <Dial>, or Twilio's own requests. */
export type LegName = string

/** How a dialed target's leg ended. */
export type LegResult = 'busy' | 'failed' | 'no-answer' | 'bridged' | 'screened-out' | 'canceled'

export type SimEvent =
  | {
    type: 'request'
    leg: LegName
    method: Method
    url: string
    /** Twilio's parameters: the form body of a POST, appended to the query of a GET. */
    form: Record<string, string>
    /** Undefined when no answer came (connection refused, timeout). */
    status?: number | undefined
    contentType?: string | undefined
    /** The document, as received (capped). */
    body?: string | undefined
    /** Where an HTTP redirect pointed. */
    location?: string | undefined
    /** What the service did besides answering, as a simulation reports it (e-mail not sent, ...). */
    notes?: string[] | undefined
  }
  | { type: 'say', leg: LegName, text: string, voice?: string | undefined, language?: string | undefined, loop?: number | undefined }
  | { type: 'play', leg: LegName, url: string, loop?: number | undefined }
  | { type: 'pause', leg: LegName, seconds: number }
  | { type: 'gather', leg: LegName, digits: string | undefined }
  | { type: 'record', leg: LegName, seconds: number, recordingUrl?: string | undefined }
  /** Twilio transcribes: the recording afterwards (<Record transcribe>, `classic`), or the call as it goes (<Start><Transcription>). */
  | { type: 'transcription', leg: LegName, language: string, mode: 'classic' | 'realtime' }
  | { type: 'dial', leg: LegName, targets: string[], timeout: number }
  | { type: 'ring', leg: LegName, result: 'busy' | 'failed' | 'no-answer' | 'answered' | 'canceled', after: number }
  | { type: 'bridged', leg: LegName, seconds: number, machine: boolean }
  | { type: 'screened-out', leg: LegName }
  | { type: 'dial-end', leg: LegName, status: string, bridged: boolean }
  | { type: 'conference', leg: LegName, name: string, startsOnEnter: boolean }
  | { type: 'queue', leg: LegName, name: string }
  | { type: 'hangup', leg: LegName }
  | { type: 'reject', leg: LegName, reason: string }
  | { type: 'external', leg: LegName, url: string }
  | { type: 'loop', leg: LegName, url: string }
  | { type: 'note', leg: LegName, text: string }
  | { type: 'error', leg: LegName, code: string, message: string }

/**
 * How the call ended: `completed` (hung up, or nothing left to do), `rejected`, `external` (it
 * went on to another site, not fetched), `loop` (it would repeat forever, as hold music does),
 * or `error` (Twilio would have said "an application error has occurred").
 */
export type CallResult = 'completed' | 'rejected' | 'external' | 'loop' | 'error'

export interface Transcript {
  url: string
  method: Method
  result: CallResult
  error?: { code: string, message: string } | undefined
  events: SimEvent[]
  /** Every target that rang, in order, and how its leg ended. */
  rang: Array<{ target: string, result: LegResult }>
  /** Targets connected to the caller, in order. */
  bridged: string[]
  requests: number
}

/** The leg of a conference's wait music, which the caller hears. */
export const WAIT_MUSIC = 'wait music'

/** Twilio parameters worth showing in a line of text; the rest are the same on every request. */
const NOTABLE = ['Digits', 'DialCallStatus', 'DialCallSid', 'DialCallDuration', 'DialBridged', 'RecordingUrl', 'RecordingDuration',
  'TranscriptionStatus', 'TranscriptionText', 'RecordingStatus']

const RING: Record<string, string> = {
  busy: 'is busy',
  failed: 'cannot be reached (the call fails)',
  'no-answer': 'does not answer',
  answered: 'answers',
  canceled: 'stops ringing: the caller was connected elsewhere'
}

function who (leg: LegName): string {
  if (leg === 'caller') return 'the caller'
  return leg === WAIT_MUSIC ? 'the waiting caller' : leg
}

function quote (text: string): string {
  return `"${text.length > 300 ? `${text.slice(0, 300)}…` : text}"`
}

function times (loop: number | undefined): string {
  if (loop === undefined || loop === 1) return ''
  return loop === 0 ? ' (over and over)' : ` (${loop} times)`
}

function requestLine (event: Extract<SimEvent, { type: 'request' }>): string[] {
  const prefix = event.leg === 'caller' ? '' : `[${event.leg}] `
  const answer = event.status === undefined ? 'no answer' : `${event.status}${event.contentType === undefined || event.contentType === '' ? '' : ` ${event.contentType.split(';')[0] ?? ''}`}`
  const lines = [`${prefix}→ ${event.method} ${event.url} → ${answer}${event.location === undefined ? '' : ` (to ${event.location})`}`]
  const shown = NOTABLE.filter((name) => Object.hasOwn(event.form, name)).map((name) => `${name}=${event.form[name] ?? ''}`)
  if (shown.length > 0) lines.push(`    with ${shown.join(', ')}`)
  for (const note of event.notes ?? []) lines.push(`    (${note})`)
  return lines
}

/** One event as a line (or two) of text. */
export function describe (event: SimEvent): string[] {
  const on = who(event.leg)
  switch (event.type) {
    case 'request': return requestLine(event)
    case 'say': return [`  ${on} hears: ${quote(event.text)}${times(event.loop)}`]
    case 'play': return [`  ${on} hears audio: ${event.url}${times(event.loop)}`]
    case 'pause': return [`  ${on} hears ${event.seconds} s of silence`]
    case 'gather': return [event.digits === undefined ? `  ${on} presses nothing` : `  ${on} presses ${event.digits}`]
    case 'record': return [event.seconds === 0
      ? `  ${on} hears a beep and says nothing: no recording`
      : `  ${on} hears a beep and speaks for ${event.seconds} s (recorded as ${event.recordingUrl ?? '?'})`]
    case 'transcription': return [`  Twilio transcribes ${event.mode === 'classic' ? 'the recording' : `what ${on} says as it is said`} (${event.language})`]
    case 'dial': return [`  dialing ${event.targets.join(', ')} (ringing for up to ${event.timeout} s)`]
    case 'ring': return [`  ${on} ${RING[event.result] ?? event.result}${event.result === 'canceled' ? '' : ` after ${event.after} s`}`]
    case 'bridged': return [event.machine
      ? `  ${on}: a voicemail box takes the call; the caller talks to a machine for ${event.seconds} s`
      : `  ${on} is connected to the caller; they talk for ${event.seconds} s`]
    case 'screened-out': return [`  ${on} did not accept: not connected to the caller`]
    case 'dial-end': return [`  the dial ends: ${event.status}${event.bridged ? '' : ', nobody connected'}`]
    case 'conference': return [`  ${on} joins conference "${event.name}"${event.startsOnEnter ? '' : ', waiting for a moderator'}`]
    case 'queue': return [`  ${on} waits in queue "${event.name}" (not simulated further)`]
    case 'hangup': return [`  ${event.leg === 'caller' ? 'the line hangs up' : `the line hangs up on ${on}`}`]
    case 'reject': return [`  the call is rejected (${event.reason})`]
    case 'external': return [`  → ${event.url}: another site, not fetched; the call goes on there`]
    case 'loop': return [`  → ${event.url} again: this repeats until the caller hangs up`]
    case 'note': return [`  (${event.leg === 'caller' ? '' : `${event.leg}: `}${event.text})`]
    case 'error': return [`  ERROR ${event.code} on ${on}'s leg: ${event.message}`]
  }
}

function summary (transcript: Transcript): string {
  const parts: string[] = [transcript.result]
  if (transcript.error !== undefined) parts.push(`error ${transcript.error.code}: ${transcript.error.message}`)
  if (transcript.bridged.length > 0) parts.push(`connected to ${transcript.bridged.join(', ')}`)
  if (transcript.rang.length > 0) parts.push(`rang ${transcript.rang.map((r) => `${r.target} (${r.result})`).join(', ')}`)
  parts.push(`${transcript.requests} request${transcript.requests === 1 ? '' : 's'}`)
  return `Result: ${parts.join('; ')}`
}

/** The transcript as a person reads it: the call in a sentence (in English), then request by request. */
export function transcriptText (transcript: Transcript, options: StoryOptions = {}): string {
  const lines = [summarize(transcript, { parties: options.parties, lang: 'en' }), '', `Call to ${transcript.method} ${transcript.url}`]
  for (const event of transcript.events) lines.push(...describe(event))
  lines.push(summary(transcript))
  return `${lines.join('\n')}\n`
}
