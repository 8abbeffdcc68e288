import { decodeComponent, splitFormAt } from '../http/form.js'
import { Limits } from './limits.js'

/** Something the configuration got wrong, named by the parameter as the user typed it. */
export interface ParamIssue {
  param: string
  message: string
  /**
   * `error`: callers will not get what the URL meant (a URL that can never be fetched);
   * `warning`: a value was ignored, clamped or guessed; `info`: how a default applied.
   */
  level: 'error' | 'warning' | 'info'
}

const LIST_KEY = /^([^[\]]+)\[([^[\]]*)\]$/
const INT = /^[+]?\d+$/
const TRUE = new Set(['true', '1', 'yes', 'on'])
const FALSE = new Set(['false', '0', 'no', 'off'])

/**
 * Every name looked up so far, each with a slot. A request's pairs are indexed by slot as they
 * are split, in an array, not each into a map of its own: building a map of Twilio's ~25 fields
 * on every request cost more than everything else parsing does. The names are the ones the code
 * reads, a few dozen; past the cap, a name is searched for instead.
 */
const SLOTS = new Map<string, number>()
const SLOTS_MAX = 512

function slotOf (name: string): number | undefined {
  let slot = SLOTS.get(name)
  if (slot === undefined && SLOTS.size < SLOTS_MAX) {
    slot = SLOTS.size
    SLOTS.set(name, slot)
  }
  return slot
}

export interface IntRange {
  min: number
  max: number
}

interface ListEntry {
  key: string
  sub: string | undefined
  /** The pair it came from. */
  at: number
}

/**
 * The parameters of one request: the URL's query (the twimlet's configuration) followed by the
 * form body (Twilio's call parameters). As in PHP's $_REQUEST, a later value of a single
 * parameter wins, so Twilio's own parameters override anything typed into the URL.
 */
export class Params {
  readonly issues: ParamIssue[] = []
  readonly #names: string[] = []
  readonly #query: string
  readonly #form: string
  /** Where each pair's value is in the query or the form, as sent: [from, to, from, to, …]. */
  readonly #bounds: number[] = []
  /** Values decoded, when first read. */
  readonly #decoded: Array<string | undefined> = []
  /** Where the last pair of each name with a slot is, by slot, for the slots there were when split. */
  readonly #lastBySlot: Array<number | undefined> = new Array<number | undefined>(SLOTS.size)
  readonly #slots = SLOTS.size
  #queryPairs = 0
  /** The pairs of each list or map name asked for. */
  #lists: Map<string, ListEntry[]> | undefined
  #reads: Map<string, string | undefined> | undefined

  private constructor (query: string, form: string) {
    this.#query = query
    this.#form = form
  }

  /** The query as users type it, then the form body Twilio encodes properly. */
  static fromSearch (query: string, form?: string): Params {
    const params = new Params(query, form ?? '')
    const add = (name: string, from: number, to: number): void => { params.#add(name, from, to) }
    splitFormAt(query, add)
    params.#queryPairs = params.#names.length
    if (form !== undefined) splitFormAt(form, add)
    return params
  }

  #add (name: string, from: number, to: number): void {
    const slot = SLOTS.get(name)
    if (slot !== undefined && slot < this.#slots) this.#lastBySlot[slot] = this.#names.length
    this.#names.push(name)
    this.#bounds.push(from, to)
  }

  /** Where the last pair named `name` is. */
  #lastOf (name: string): number | undefined {
    const slot = slotOf(name)
    if (slot !== undefined && slot < this.#slots) return this.#lastBySlot[slot]
    // A name first looked up since this request was split, or one past the cap.
    const at = this.#names.lastIndexOf(name)
    return at === -1 ? undefined : at
  }

  #at (at: number): string {
    let value = this.#decoded[at]
    if (value === undefined) {
      const inQuery = at < this.#queryPairs
      const sent = (inQuery ? this.#query : this.#form).slice(this.#bounds[2 * at], this.#bounds[2 * at + 1])
      // Users paste `PhoneNumber=+14155551212` without encoding the "+", which form decoding
      // turns into a space; a value never usefully starts with a space, so a leading "+" in
      // the query stays a "+".
      value = inQuery && sent.startsWith('+') ? `+${decodeComponent(sent.slice(1))}` : decodeComponent(sent)
      this.#decoded[at] = value
    }
    return value
  }

  /** The pairs of a list or map name (`X`, `X[]`, `X[3]`, `X[key]`), in order. */
  #listsOf (name: string): readonly ListEntry[] {
    let entries = this.#lists?.get(name)
    if (entries === undefined) {
      entries = []
      const first = name.charCodeAt(0)
      // `name[]`, the usual form, needs no pattern to take apart when the name has no brackets.
      const bare = !name.includes('[') && !name.includes(']')
      for (let at = 0; at < this.#names.length; at++) {
        const key = this.#names[at] as string
        if (key.charCodeAt(0) !== first) continue
        if (key === name) entries.push({ key, sub: undefined, at })
        else if (bare && key.length === name.length + 2 && key.endsWith('[]') && key.startsWith(name)) entries.push({ key, sub: '', at })
        else if (key.startsWith(name) && key.charCodeAt(name.length) === 91 /* [ */) {
          const m = LIST_KEY.exec(key)
          if (m !== null && m[1] === name) entries.push({ key, sub: m[2] as string, at })
        }
      }
      this.#lists ??= new Map()
      this.#lists.set(name, entries)
    }
    return entries
  }

  /** The names of the query's pairs, decoded, in order: what the URL typed, not Twilio's form. */
  queryNames (): string[] {
    return this.#names.slice(0, this.#queryPairs)
  }

  /** How many name=value pairs the request carried. */
  get size (): number {
    return this.#names.length
  }

  /**
   * From now on, remembers what every read saw, so an answer computed from these parameters can
   * be given again to any request that would read the same (see src/http/response-cache.ts).
   */
  record (): ReadonlyMap<string, string | undefined> {
    this.#reads = new Map()
    return this.#reads
  }

  stopRecording (): void {
    this.#reads = undefined
  }

  /** What a recorded read `v:name` saw: the value of a single parameter. */
  peekValue (name: string): string | undefined {
    const at = this.#lastOf(name)
    return at === undefined ? undefined : this.#at(at)
  }

  /**
   * What a recorded read `l:name` saw: the form's pairs of a list or map. Its pairs from the
   * query are not included: whoever compares reads compares the query as a whole (the response
   * cache keys on it).
   */
  peekList (name: string): string {
    const fromForm = this.#listsOf(name).filter((e) => e.at >= this.#queryPairs)
    return fromForm.length === 0 ? '' : JSON.stringify(fromForm.map((e) => [e.key, this.#at(e.at)]))
  }

  #value (name: string): string | undefined {
    const at = this.#lastOf(name)
    const value = at === undefined ? undefined : this.#at(at)
    this.#reads?.set(`v:${name}`, value)
    return value
  }

  warn (param: string, message: string): void {
    this.issues.push({ param, message, level: 'warning' })
  }

  /** A value that can never work: callers are not sent where the URL meant. */
  error (param: string, message: string): void {
    this.issues.push({ param, message, level: 'error' })
  }

  /** How a default applied, for the check to say; not a problem. */
  info (param: string, message: string): void {
    this.issues.push({ param, message, level: 'info' })
  }

  has (name: string): boolean {
    return this.#value(name) !== undefined
  }

  /** The raw value, untrimmed, or undefined when absent. */
  raw (name: string): string | undefined {
    return this.#value(name)
  }

  /** A trimmed, non-empty value, capped in length; undefined when absent or blank. */
  string (name: string, maxLength: number = Limits.textLength): string | undefined {
    const value = this.#value(name)?.trim()
    if (value === undefined || value === '') return undefined
    if (value.length > maxLength) {
      this.warn(name, `longer than ${maxLength} characters; cut to that length`)
      return value.slice(0, maxLength)
    }
    return value
  }

  /**
   * A whole number within range. Anything that is not plainly a whole number is ignored (the
   * default applies); a number outside the range is clamped to it.
   */
  int (name: string, range: IntRange): number | undefined {
    const text = this.string(name)
    if (text === undefined) return undefined
    if (!INT.test(text)) {
      this.warn(name, `"${text}" is not a whole number; ignored`)
      return undefined
    }
    const value = Number(text)
    if (value < range.min || value > range.max) {
      const clamped = Math.min(Math.max(value, range.min), range.max)
      this.warn(name, `${text} is outside ${range.min}–${range.max}; using ${clamped}`)
      return clamped
    }
    return value
  }

  bool (name: string): boolean | undefined {
    const text = this.string(name)
    if (text === undefined) return undefined
    const lower = text.toLowerCase()
    if (TRUE.has(lower)) return true
    if (FALSE.has(lower)) return false
    this.warn(name, `"${text}" is not true or false; ignored`)
    return undefined
  }

  /** One of the allowed words (case-insensitive), returned in its canonical spelling. */
  choice<T extends string> (name: string, allowed: ReadonlyMap<string, T>): T | undefined {
    const text = this.string(name)
    if (text === undefined) return undefined
    const value = allowed.get(text.toLowerCase())
    if (value === undefined) {
      this.warn(name, `"${text}" is not one of ${[...new Set(allowed.values())].join(', ')}; ignored`)
    }
    return value
  }

  /**
   * A PHP-style list: `X=a`, `X[]=a&X[]=b`, or `X[0]=a&X[1]=b` (indexes order the entries,
   * `[]` entries take the next index as PHP does). Blank entries are dropped; at most `cap`
   * entries are kept, the first ones.
   */
  list (name: string, cap: number = Limits.listLength): string[] {
    const pairs = this.#listsOf(name)
    this.#reads?.set(`l:${name}`, this.peekList(name))
    const entries: Array<{ index: number, order: number, value: string }> = []
    let next = 0
    pairs.forEach(({ sub, at }, order) => {
      let index: number
      if (sub === undefined || sub === '') index = next
      else if (/^\d{1,9}$/.test(sub)) index = Number(sub)
      else return
      next = Math.max(next, index + 1)
      const trimmed = this.#at(at).trim()
      if (trimmed !== '') entries.push({ index, order, value: trimmed })
    })
    entries.sort((a, b) => a.index - b.index || a.order - b.order)
    if (entries.length > cap) {
      this.warn(name, `has ${entries.length} entries; only the first ${cap} are used`)
    }
    return entries.slice(0, cap).map((e) => e.value)
  }

  /** A PHP-style map, `X[key]=value`; keys are kept as typed (`01` and `1` differ). */
  map (name: string, cap: number = Limits.listLength): Map<string, string> {
    this.#reads?.set(`l:${name}`, this.peekList(name))
    const result = new Map<string, string>()
    let dropped = 0
    for (const entry of this.#listsOf(name)) {
      if (entry.sub === undefined) continue
      const sub = entry.sub.trim()
      const trimmed = this.#at(entry.at).trim()
      if (sub === '' || trimmed === '') continue
      if (!result.has(sub) && result.size >= cap) {
        dropped++
        continue
      }
      result.set(sub, trimmed)
    }
    if (dropped > 0) this.warn(name, `has more than ${cap} entries; ${dropped} ignored`)
    return result
  }
}
