import { readCallerId, type CallerIdDefaults } from './caller-id.js'
import type { Params } from '../params/params.js'
import { asciiForm } from './phone.js'
import { EXCLUSIVE, NOUN, SCREENABLE, type Target } from './targets.js'
import type { AttributeList, TwiML } from '../twiml/twiml.js'
import { readUrl } from '../params/urls.js'

/** Everything the <Dial> reference allows, from the query string. */

const words = <T extends string>(...values: T[]): ReadonlyMap<string, T> =>
  new Map(values.map((v) => [v.toLowerCase(), v]))

const RECORD = new Map<string, string>([
  ...words('do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual'),
  // The reference keeps true/false as aliases for backward compatibility.
  ['true', 'record-from-answer'],
  ['false', 'do-not-record']
])
const TRIM = new Map<string, string>([...words('trim-silence', 'do-not-trim'), ['true', 'trim-silence'], ['false', 'do-not-trim']])
const METHOD = words('GET', 'POST')
const RING_TONES = words('at', 'au', 'bg', 'br', 'be', 'ch', 'cl', 'cn', 'cz', 'de', 'dk', 'ee', 'es', 'fi', 'fr', 'gr', 'hu', 'il',
  'in', 'it', 'lt', 'jp', 'mx', 'my', 'nl', 'no', 'nz', 'ph', 'pl', 'pt', 'ru', 'se', 'sg', 'th', 'uk', 'us', 'us-old', 'tw', 've', 'za')
const RECORDING_EVENTS = new Set(['in-progress', 'completed', 'absent'])
const SEND_DIGITS = /^[\d#*wW]{1,32}$/

export const TIMEOUT = { min: 5, max: 600 }
export const TIME_LIMIT = { min: 1, max: 14400 }
/** <Client> legs ring for at most a minute, whatever the Dial asks. */
const CLIENT_TIMEOUT_MAX = 60

/**
 * One row per option: the query parameter users type, the <Dial> attribute it becomes (none for
 * SendDigits, which goes on each <Number>), and how it is read. The same rows write the options
 * back into action URLs, so they carry along a call. CallerId is read apart
 * (src/dialing/caller-id.ts): `called` stands for a number of the request.
 */
interface Option {
  param: string
  attr: string | undefined
  read: (params: Params) => string | undefined
}

// Timeout is read apart too: every <Dial> has one, the twimlet's default when none is typed.
const OPTIONS: readonly Option[] = [
  { param: 'TimeLimit', attr: 'timeLimit', read: (p) => p.int('TimeLimit', TIME_LIMIT)?.toString() },
  { param: 'Record', attr: 'record', read: (p) => p.choice('Record', RECORD) },
  { param: 'RecordingStatusCallback', attr: 'recordingStatusCallback', read: (p) => readUrl(p, 'RecordingStatusCallback', 'recordings are not reported there') },
  { param: 'RecordingStatusCallbackMethod', attr: 'recordingStatusCallbackMethod', read: (p) => p.choice('RecordingStatusCallbackMethod', METHOD) },
  { param: 'RecordingStatusCallbackEvent', attr: 'recordingStatusCallbackEvent', read: recordingEvents },
  { param: 'Trim', attr: 'trim', read: (p) => p.choice('Trim', TRIM) },
  { param: 'RingTone', attr: 'ringTone', read: (p) => p.choice('RingTone', RING_TONES) },
  { param: 'AnswerOnBridge', attr: 'answerOnBridge', read: (p) => p.bool('AnswerOnBridge')?.toString() },
  { param: 'HangupOnStar', attr: 'hangupOnStar', read: (p) => p.bool('HangupOnStar')?.toString() },
  // Not a <Dial> attribute: digits to play to each answered <Number>, for extensions.
  { param: 'SendDigits', attr: undefined, read: (p) => pattern(p, 'SendDigits', SEND_DIGITS, 'digits, #, * and w') }
]

/** The <Dial> options' parameter names, for the twimlets that declare them. */
export const DIAL_PARAMS: readonly string[] = ['CallerId', 'Timeout', ...OPTIONS.map((option) => option.param)]

export interface DialOptions {
  /** Seconds each leg rings: as typed, else the twimlet's default. */
  timeout: string
  callerId?: string | undefined
  /** CallerId as the URL gave it (`called` stands for a number, `caller` for none): what the next URLs carry. */
  callerIdParam?: string | undefined
  sendDigits?: string | undefined
  /** Every other option the URL set, in the table's order. */
  typed: ReadonlyArray<{ option: Option, value: string }>
}

export interface DialDefaults extends CallerIdDefaults {
  timeout: number
}

/** Keys or codes matching `re`, typed on any keyboard (see asciiForm). */
function pattern (params: Params, name: string, re: RegExp, what: string): string | undefined {
  const typed = params.string(name)
  const text = typed === undefined ? undefined : asciiForm(typed)
  if (text === undefined || re.test(text)) return text
  params.warn(name, `"${text.slice(0, 80)}" is not ${what}; ignored`)
  return undefined
}

function recordingEvents (params: Params): string | undefined {
  const text = params.string('RecordingStatusCallbackEvent')
  if (text === undefined) return undefined
  const events = [...new Set(text.toLowerCase().split(/[\s,]+/).filter((e) => e !== ''))]
  const unknown = events.filter((e) => !RECORDING_EVENTS.has(e))
  if (unknown.length > 0) params.warn('RecordingStatusCallbackEvent', `unknown events ${unknown.join(', ')} ignored`)
  const known = events.filter((e) => RECORDING_EVENTS.has(e))
  return known.length > 0 ? known.join(' ') : undefined
}

export function readDialOptions (params: Params, defaults: DialDefaults): DialOptions {
  const callerId = readCallerId(params, defaults)
  const timeout = params.int('Timeout', TIMEOUT)?.toString() ?? String(defaults.timeout)
  const typed: Array<{ option: Option, value: string }> = []
  let sendDigits: string | undefined
  for (const option of OPTIONS) {
    const value = option.read(params)
    if (value === undefined) continue
    typed.push({ option, value })
    if (option.attr === undefined) sendDigits = value
  }
  return { timeout, callerId: callerId.attribute, callerIdParam: callerId.carried, sendDigits, typed }
}

/** Writes the options into an action URL's query under the names users type. */
export function carryDialOptions (options: DialOptions, query: URLSearchParams): URLSearchParams {
  if (options.callerIdParam !== undefined) query.set('CallerId', options.callerIdParam)
  query.set('Timeout', options.timeout)
  for (const { option, value } of options.typed) query.set(option.param, value)
  return query
}

/**
 * Targets that can share one <Dial>: queue and conference must stand alone, and a <Client>
 * leg limits the timeout. Problems are reported against `param`.
 */
export function fitTargets (params: Params, param: string, targets: Target[], options: DialOptions): { targets: Target[], options: DialOptions } {
  let fitted = targets
  if (targets.length > 1 && targets.some((t) => EXCLUSIVE.has(t.kind))) {
    fitted = targets.filter((t) => !EXCLUSIVE.has(t.kind))
    params.warn(param, 'queue: and conference: targets must be dialed alone; they were left out of this ring')
  }
  if (fitted.some((t) => t.kind === 'client') && Number(options.timeout) > CLIENT_TIMEOUT_MAX) {
    params.warn('Timeout', `client: targets ring for at most ${CLIENT_TIMEOUT_MAX} seconds; using ${CLIENT_TIMEOUT_MAX}`)
    return { targets: fitted, options: { ...options, timeout: String(CLIENT_TIMEOUT_MAX) } }
  }
  return { targets: fitted, options }
}

export interface DialPlan {
  options: DialOptions
  targets: readonly Target[]
  action: string
  /** The screening document run on each answered leg that can run one. */
  whisper?: string | undefined
}

export function renderDial (twiml: TwiML, plan: DialPlan): TwiML {
  const { options } = plan
  const attributes: AttributeList = [['action', plan.action], ['timeout', options.timeout]]
  if (options.callerId !== undefined) attributes.push(['callerId', options.callerId])
  for (const { option, value } of options.typed) {
    if (option.attr !== undefined) attributes.push([option.attr, value])
  }
  return twiml.dial(attributes, (dial) => {
    for (const target of plan.targets) {
      const url = SCREENABLE.has(target.kind) ? plan.whisper : undefined
      dial.noun(NOUN[target.kind], target.value, { url, sendDigits: target.kind === 'number' ? options.sendDigits : undefined })
    }
  })
}

const SUCCESS = new Set(['completed', 'answered'])
const FAILURE = new Set(['busy', 'no-answer', 'failed', 'canceled'])
// The caller's own leg has ended: there is nobody left to connect.
const CALLER_GONE = new Set(['completed', 'canceled', 'busy', 'failed', 'no-answer'])

export type DialOutcome = 'connected' | 'not-connected' | 'caller-gone'

/**
 * What Twilio's request to a <Dial> action says. A leg that answered but was screened out
 * (DialBridged=false) did not connect the caller, so the next number should be tried.
 */
export function dialOutcome (params: Params): DialOutcome {
  if (CALLER_GONE.has(params.string('CallStatus') ?? '')) return 'caller-gone'
  const status = params.string('DialCallStatus') ?? params.string('DialStatus')
  if (status === undefined) {
    params.warn('DialCallStatus', 'missing on a dial action request; treated as not connected')
    return 'not-connected'
  }
  if (SUCCESS.has(status)) return params.string('DialBridged') === 'false' ? 'not-connected' : 'connected'
  if (!FAILURE.has(status)) params.warn('DialCallStatus', `unknown status "${status.slice(0, 40)}"; treated as not connected`)
  return 'not-connected'
}

/** After a dial that did not connect: the FailUrl, where the caller goes on, or the end. */
export function renderNotConnected (twiml: TwiML, failUrl: string | undefined): TwiML {
  return failUrl === undefined ? twiml.hangup() : twiml.redirect(failUrl)
}
