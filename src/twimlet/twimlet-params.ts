import { distance } from 'fastest-levenshtein'
import type { Twimlet } from './twimlet.js'

// Names Twilio sends, or a twimlet puts in its own follow-up URLs: meaningless in a voice URL.
// A GET from Twilio carries them in the query, so they are never reported on a live request.
const DURING_CALL = new Set(['Dial', 'Round', 'Digits', 'CallSid', 'AccountSid', 'From', 'To', 'Caller', 'Called', 'CallStatus', 'Direction',
  'ApiVersion', 'DialCallStatus', 'DialStatus', 'DialCallSid', 'DialCallDuration', 'DialBridged', 'DialSipResponseCode', 'RecordingUrl',
  'RecordingDuration', 'RecordingSid', 'RecordingStatus', 'RecordingChannels', 'RecordingSource', 'RecordingStartTime', 'RecordingTrack',
  'TranscriptionStatus', 'TranscriptionText', 'TranscriptionSid', 'TranscriptionUrl', 'TranscriptionType', 'ForwardedFrom', 'CallerName',
  'ParentCallSid', 'CallToken', 'AnsweredBy', 'MachineDetectionDuration', 'SpeechResult', 'Confidence', 'FinishedOnKey', 'msg',
  'CalledVia', 'ApplicationSid', 'CallDuration', 'Duration', 'Timestamp', 'SequenceNumber', 'CallbackSource', 'ErrorCode', 'ErrorUrl',
  'QueueSid', 'QueueResult', 'QueueTime', 'DequeingCallSid', 'DequeuingCallSid', 'ConferenceSid', 'FriendlyName', 'StatusCallbackEvent',
  'AddOns'])
/** Twilio's geographic fields (FromCity, CalledZip…), SIP and STIR/SHAKEN fields. */
const DURING_CALL_FAMILY = /^(?:(?:From|To|Caller|Called)(?:City|State|Zip|Country)|Sip[\w-]*|Stir\w*)$/

/** True for a name Twilio sends with a request, or a twimlet writes into its own next URLs. */
export function isCallParam (name: string): boolean {
  return DURING_CALL.has(name) || DURING_CALL_FAMILY.test(name)
}

/** A list or map parameter's name without its brackets: `PhoneNumbers[]`, `Options[1]` → the name declared. */
export function baseName (param: string): string {
  if (!param.endsWith(']')) return param
  const at = param.lastIndexOf('[')
  return at > 0 && param.indexOf(']', at) === param.length - 1 ? param.slice(0, at) : param
}

/**
 * The declared name a mistyped one most likely meant: the same letters in another case, else
 * the nearest by edit distance, when it is near enough that a typo explains it (two edits for
 * most names, one for short ones, three for long ones).
 */
export function nearestName (typed: string, names: readonly string[]): string | undefined {
  const lower = typed.toLowerCase()
  const same = names.find((name) => name.toLowerCase() === lower)
  if (same !== undefined) return same
  const allowed = lower.length <= 3 ? 1 : lower.length < 10 ? 2 : 3
  let best: string | undefined
  let bestDistance = allowed + 1
  for (const name of names) {
    const d = distance(lower, name.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [name, d]
  }
  return best
}

export interface UnknownName {
  /** As typed, brackets left out, cut to a length fit for a log line. */
  name: string
  /** The declared name it most likely meant. */
  suggestion: string | undefined
  /** Only the letters' case differs from the suggestion. */
  caseOnly: boolean
  /** Twilio sends it, or a twimlet sets it, during a call. */
  duringCall: boolean
}

const NAME_SHOWN = 80
/** Suggestions kept per twimlet: a typo seen once is looked up once, whatever the traffic. */
const SUGGESTIONS_MAX = 256

/**
 * A twimlet's declared parameter names, as one set read once at start-up, and the names a
 * query carries beside them. Both the live log and the builder's check read them here.
 */
export class DeclaredNames {
  readonly twimlet: string
  readonly #names: readonly string[]
  readonly #known: ReadonlySet<string>
  /** The declared names and Twilio's: on a live request, most names are found in one look-up. */
  readonly #quiet: ReadonlySet<string>
  readonly #suggestions = new Map<string, string | undefined>()

  constructor (twimlet: Pick<Twimlet, 'name' | 'params'>) {
    this.twimlet = twimlet.name
    this.#names = twimlet.params ?? []
    // With `name[]`, the usual form of a list, a typed name is found without cutting it.
    this.#known = new Set(this.#names.flatMap((name) => [name, `${name}[]`]))
    this.#quiet = new Set([...this.#known, ...DURING_CALL])
  }

  /** False when the twimlet declares no names: then none can be said to be unknown. */
  get declared (): boolean {
    return this.#names.length > 0
  }

  #suggest (name: string): string | undefined {
    if (this.#suggestions.has(name)) return this.#suggestions.get(name)
    const suggestion = nearestName(name, this.#names)
    if (this.#suggestions.size >= SUGGESTIONS_MAX) this.#suggestions.clear()
    this.#suggestions.set(name, suggestion)
    return suggestion
  }

  /**
   * Each of the query's names (Params.queryNames) the twimlet does not declare, once, in the
   * order typed; Twilio's own names too when `callParams` is set.
   */
  unknown (names: readonly string[], callParams: boolean): UnknownName[] {
    const found: UnknownName[] = []
    if (!this.declared) return found
    let seen: Set<string> | undefined
    for (let i = 0; i < names.length; i++) {
      const typed = names[i] as string
      if ((callParams ? this.#known : this.#quiet).has(typed)) continue
      const name = baseName(typed)
      if (this.#known.has(name)) continue
      const duringCall = isCallParam(name)
      if (duringCall && !callParams) continue
      seen ??= new Set()
      if (seen.has(name)) continue
      seen.add(name)
      const near = this.#suggest(name)
      const caseOnly = near !== undefined && near.toLowerCase() === name.toLowerCase()
      found.push({ name: name.slice(0, NAME_SHOWN), suggestion: duringCall && !caseOnly ? undefined : near, caseOnly, duringCall })
    }
    return found
  }

  /** The sentence the log and the check give for an unknown name. */
  message (unknown: UnknownName): string {
    const hint = unknown.suggestion !== undefined
      ? `; did you mean ${unknown.suggestion}?${unknown.caseOnly ? ' Names are case-sensitive' : ''}`
      : unknown.duringCall ? '; it is sent by Twilio, or set by the twimlet itself, during the call' : ''
    return `is not a parameter of ${this.twimlet}, so it is ignored${hint}`
  }
}
