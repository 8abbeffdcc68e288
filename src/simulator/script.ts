/** How a dialed party behaves when its phone rings. */
export const OUTCOMES = ['accept', 'busy', 'no-answer', 'fails', 'silent', 'voicemail'] as const
export type Outcome = typeof OUTCOMES[number]

const ALIASES: ReadonlyMap<string, Outcome> = new Map([
  ...OUTCOMES.map((o) => [o, o] as const),
  ['accepts', 'accept'], ['answer', 'accept'], ['answers', 'accept'],
  ['noanswer', 'no-answer'], ['no_answer', 'no-answer'], ['unanswered', 'no-answer'],
  ['fail', 'fails'], ['failed', 'fails'], ['silence', 'silent'], ['machine', 'voicemail']
])

/**
 * Seconds from the start of a <Dial> to each outcome's signal. A phone that is off or declines
 * sends the call to its voicemail box almost at once, ahead of the people who pick up.
 */
export const SIGNAL_AFTER: Readonly<Record<Outcome, number>> = {
  accept: 6, silent: 6, voicemail: 3, busy: 1, fails: 0, 'no-answer': Infinity
}

export interface Party {
  outcome: Outcome
  /** Seconds after the dial starts when it answers, or is busy or fails; SIGNAL_AFTER by default. */
  after?: number | undefined
  /** What it keys at each screening prompt when it accepts. */
  keys?: string | undefined
}

export type Method = 'GET' | 'POST'

/** Everything the people on a simulated call do. */
export interface Script {
  /** How Twilio requests the voice URL (the phone number's setting). */
  method: Method
  from: string
  to: string
  /** Dialed targets as written in the URL (numbers compared by digits), and how each behaves. */
  parties: ReadonlyMap<string, Party>
  /** What the caller keys at each <Gather>, in order; '' is silence. */
  digits: readonly string[]
  /** Seconds the caller speaks at a <Record>; 0 is silence. */
  recordSeconds: number
  /** Twilio's transcription of the caller's message. */
  transcription: string
  /** Seconds a connected call lasts before the called party hangs up. */
  talkSeconds: number
  /** Requests after which the simulation gives up. */
  maxRequests: number
}

/** Bounds on what a script may ask, so a simulation request stays small. */
export const SCRIPT_LIMITS = { parties: 50, digits: 50, keys: 40, seconds: 14_400, maxRequests: 200, text: 1000, number: 64 } as const

export const DEFAULT_SCRIPT: Script = {
  method: 'POST',
  from: '+15105551212',
  to: '+14155550100',
  parties: new Map(),
  digits: [],
  recordSeconds: 12,
  transcription: 'Hello, this is a test message left in the call simulator.',
  talkSeconds: 45,
  maxRequests: 60
}

/** A script as people write it (JSON from the page, options on the command line). */
export interface ScriptInput {
  method?: unknown
  from?: unknown
  to?: unknown
  /** `{ "+14155551001": "busy" }`, or `"+14155551001=busy@2"` entries. */
  parties?: unknown
  digits?: unknown
  recordSeconds?: unknown
  transcription?: unknown
  talkSeconds?: unknown
  maxRequests?: unknown
}

export class ScriptError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ScriptError'
  }
}

const KEYS = /^[0-9*#w]*$/i
const SECONDS = /^\d{1,5}$/

function seconds (value: unknown, what: string, max: number = SCRIPT_LIMITS.seconds): number {
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !SECONDS.test(text.trim()) || Number(text) > max) {
    throw new ScriptError(`${what} must be a whole number of seconds from 0 to ${max}`)
  }
  return Number(text)
}

function text (value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) throw new ScriptError(`${what} must be text of at most ${max} characters`)
  return value
}

function keys (value: unknown, what: string): string {
  const typed = text(value, what, SCRIPT_LIMITS.keys).trim()
  if (!KEYS.test(typed)) throw new ScriptError(`${what} "${typed}" is not keys of a phone keypad (0-9, * and #)`)
  return typed
}

export function readOutcome (typed: string): Outcome {
  const outcome = ALIASES.get(typed.trim().toLowerCase().replace(/\s+/g, '-'))
  if (outcome === undefined) throw new ScriptError(`"${typed.slice(0, 40)}" is not one of ${OUTCOMES.join(', ')}`)
  return outcome
}

/** `accept`, `busy@2`, `accept@8:1` (answers after 8 s, keys 1), as written after a target. */
export function readParty (typed: string): Party {
  const m = /^([^@:]+)(?:@([^:]*))?(?::(.*))?$/.exec(typed.trim())
  if (m === null) throw new ScriptError(`"${typed.slice(0, 40)}" is not an outcome (for example busy, accept@8)`)
  const party: Party = { outcome: readOutcome(m[1] as string) }
  if (m[2] !== undefined) party.after = seconds(m[2], `the seconds in "${typed.slice(0, 40)}"`)
  if (m[3] !== undefined) party.keys = keys(m[3], `the keys in "${typed.slice(0, 40)}"`)
  return party
}

/** `+14155551001=busy@2`: a target and how it behaves. */
export function readPartyEntry (typed: string): [string, Party] {
  const at = typed.lastIndexOf('=')
  if (at <= 0) throw new ScriptError(`"${typed.slice(0, 60)}" is not target=outcome (for example +14155551001=busy)`)
  return [typed.slice(0, at).trim(), readParty(typed.slice(at + 1))]
}

function readParties (value: unknown): Map<string, Party> {
  const entries: Array<[string, Party]> = []
  if (Array.isArray(value)) {
    for (const entry of value) entries.push(readPartyEntry(text(entry, 'a party', SCRIPT_LIMITS.text)))
  } else if (typeof value === 'object' && value !== null) {
    for (const [target, behaviour] of Object.entries(value)) {
      entries.push([target.trim(), readParty(text(behaviour, `the outcome of ${target.slice(0, 40)}`, SCRIPT_LIMITS.text))])
    }
  } else {
    throw new ScriptError('parties must be an object of target: outcome, or a list of target=outcome')
  }
  if (entries.length > SCRIPT_LIMITS.parties) throw new ScriptError(`at most ${SCRIPT_LIMITS.parties} parties`)
  for (const [target] of entries) text(target, 'a target', SCRIPT_LIMITS.number * 4)
  return new Map(entries.filter(([target]) => target !== ''))
}

function readDigits (value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined
  if (list === undefined) throw new ScriptError('digits must be a list of key entries')
  if (list.length > SCRIPT_LIMITS.digits) throw new ScriptError(`at most ${SCRIPT_LIMITS.digits} key entries`)
  return list.map((entry, i) => keys(typeof entry === 'number' ? String(entry) : entry, `key entry ${i + 1}`))
}

function readMethod (value: unknown): Method {
  const method = typeof value === 'string' ? value.toUpperCase() : value
  if (method !== 'GET' && method !== 'POST') throw new ScriptError('method must be GET or POST')
  return method
}

/** A script from what people typed, with defaults for the rest; throws ScriptError, saying what is wrong. */
export function readScript (input: ScriptInput = {}): Script {
  const script: Script = { ...DEFAULT_SCRIPT }
  if (input.method !== undefined) script.method = readMethod(input.method)
  if (input.from !== undefined) script.from = text(input.from, 'from', SCRIPT_LIMITS.number).trim()
  if (input.to !== undefined) script.to = text(input.to, 'to', SCRIPT_LIMITS.number).trim()
  if (input.parties !== undefined) script.parties = readParties(input.parties)
  if (input.digits !== undefined) script.digits = readDigits(input.digits)
  if (input.recordSeconds !== undefined) script.recordSeconds = seconds(input.recordSeconds, 'recordSeconds')
  if (input.transcription !== undefined) script.transcription = text(input.transcription, 'transcription', SCRIPT_LIMITS.text)
  if (input.talkSeconds !== undefined) script.talkSeconds = seconds(input.talkSeconds, 'talkSeconds')
  if (input.maxRequests !== undefined) script.maxRequests = Math.max(1, seconds(input.maxRequests, 'maxRequests', SCRIPT_LIMITS.maxRequests))
  return script
}

// An instant: a date, a time, and the offset that places it (Z, +09:00); seconds and fractions optional.
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * `at`: the moment a simulation or a check runs as of (`2026-05-06T10:00:00+09:00`), in ms since
 * the epoch; undefined for now. A time without its offset could be any of a day's worth of
 * instants, so it is refused.
 */
export function readAt (typed: unknown): number | undefined {
  if (typed === undefined || typed === null || typed === '') return undefined
  if (typeof typed !== 'string' || typed.length > 40) throw new ScriptError('at must be an ISO 8601 instant, such as 2026-05-06T10:00:00+09:00')
  const text = typed.trim()
  const instant = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  if (!INSTANT.test(text)) {
    const hint = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?$/.test(text) ? `; add its offset from UTC, such as ${text}Z or ${text}+09:00` : ', such as 2026-05-06T10:00:00+09:00'
    throw new ScriptError(`at "${text.slice(0, 40)}" is not an ISO 8601 instant${hint}`)
  }
  if (Number.isNaN(instant)) throw new ScriptError(`at "${text}" is not a moment that exists`)
  return instant
}
