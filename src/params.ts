import { Limits } from './limits.js'

export type Pair = readonly [name: string, value: string]

/** Something the configuration got wrong, named by the parameter as the user typed it. */
export interface ParamIssue {
  param: string
  message: string
}

const LIST_KEY = /^([^[\]]+)\[([^[\]]*)\]$/
const INT = /^[+]?\d+$/
const TRUE = new Set(['true', '1', 'yes', 'on'])
const FALSE = new Set(['false', '0', 'no', 'off'])

/**
 * Users paste `PhoneNumber=+14155551212` without encoding the "+", which form decoding turns
 * into a space. A value never usefully starts with a space, so a leading "+" stays a "+".
 */
function keepLeadingPlus (search: string): string {
  return search.replace(/(^|&)([^=&]*=)\+/g, '$1$2%2B')
}

export interface IntRange {
  min: number
  max: number
}

/**
 * The parameters of one request: the URL's query (the twimlet's configuration) followed by the
 * form body (Twilio's call parameters). As in PHP's $_REQUEST, a later value of a single
 * parameter wins, so Twilio's own parameters override anything typed into the URL.
 */
export class Params {
  readonly issues: ParamIssue[] = []
  readonly #pairs: Pair[]
  readonly #last = new Map<string, string>()
  /** The pairs of each list or map name (`X`, `X[]`, `X[3]`, `X[key]`), in order. */
  readonly #lists = new Map<string, Array<{ key: string, sub: string | undefined, value: string, form: boolean }>>()
  #reads: Map<string, string | undefined> | undefined

  /** `queryPairs`: how many of the pairs, first, came from the URL's query. */
  constructor (pairs: Iterable<Pair>, queryPairs = 0) {
    this.#pairs = [...pairs]
    this.#pairs.forEach(([key, value], at) => {
      this.#last.set(key, value)
      const m = key.includes('[') ? LIST_KEY.exec(key) : null
      const name = m === null ? key : m[1] as string
      const entries = this.#lists.get(name)
      const entry = { key, sub: m === null ? undefined : m[2] as string, value, form: at >= queryPairs }
      if (entries === undefined) this.#lists.set(name, [entry])
      else entries.push(entry)
    })
  }

  /** The query as users type it, then the form body Twilio encodes properly. */
  static fromSearch (query: string, form?: string): Params {
    const pairs: Pair[] = [...new URLSearchParams(keepLeadingPlus(query))]
    const queryPairs = pairs.length
    if (form !== undefined) for (const pair of new URLSearchParams(form)) pairs.push(pair)
    return new Params(pairs, queryPairs)
  }

  /** How many name=value pairs the request carried. */
  get size (): number {
    return this.#pairs.length
  }

  /**
   * From now on, remembers what every read saw, so an answer computed from these parameters can
   * be given again to any request that would read the same (see src/response-cache.ts).
   */
  record (): ReadonlyMap<string, string | undefined> {
    this.#reads = new Map()
    return this.#reads
  }

  stopRecording (): void {
    this.#reads = undefined
  }

  /**
   * What a recorded read saw: `v:name` a single value, `l:name` the form's pairs of a list or
   * map. A list's pairs from the query are not included: whoever compares reads compares the
   * query as a whole (the response cache keys on it).
   */
  peek (read: string): string | undefined {
    const name = read.slice(2)
    return read.startsWith('l:') ? this.#pairsOf(name) : this.#last.get(name)
  }

  #pairsOf (name: string): string {
    const fromForm = (this.#lists.get(name) ?? []).filter((e) => e.form)
    return fromForm.length === 0 ? '' : JSON.stringify(fromForm.map((e) => [e.key, e.value]))
  }

  #value (name: string): string | undefined {
    const value = this.#last.get(name)
    this.#reads?.set(`v:${name}`, value)
    return value
  }

  warn (param: string, message: string): void {
    this.issues.push({ param, message })
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
    const pairs = this.#lists.get(name) ?? []
    this.#reads?.set(`l:${name}`, this.#pairsOf(name))
    const entries: Array<{ index: number, order: number, value: string }> = []
    let next = 0
    pairs.forEach(({ sub, value }, order) => {
      let index: number
      if (sub === undefined || sub === '') index = next
      else if (/^\d{1,9}$/.test(sub)) index = Number(sub)
      else return
      next = Math.max(next, index + 1)
      const trimmed = value.trim()
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
    this.#reads?.set(`l:${name}`, this.#pairsOf(name))
    const result = new Map<string, string>()
    let dropped = 0
    for (const entry of this.#lists.get(name) ?? []) {
      if (entry.sub === undefined) continue
      const sub = entry.sub.trim()
      const trimmed = entry.value.trim()
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
