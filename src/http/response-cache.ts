import { LRUCache } from 'lru-cache'
import type { ParamIssue, Params } from '../params/params.js'

/** An answer, and everything its computation read from the request. */
interface Entry {
  reads: ReadonlyMap<string, string | undefined>
  xml: string
  stage: string
  issues: readonly ParamIssue[]
  /** When set, the instant (ms since the epoch) from which the answer may differ. */
  until?: number | undefined
}

export interface CachedAnswer {
  xml: string
  stage: string
  issues: readonly ParamIssue[]
  /** The HTTP status when not 200 (an answer with one has effects, so it is never kept). */
  status?: number | undefined
}

// One URL answers differently for a few callers or call states (whisper's default names the
// caller); beyond this many, the oldest variant makes room.
const VARIANTS_PER_URL = 8
// How many first sightings are remembered before the memory of them starts over.
const SEEN_MAX = 16_384

/**
 * FNV-1a: a key's fingerprint, so remembering one costs no copy of it (a kept key would live
 * on into the old generation: garbage collection's most expensive kind). Cut to 30 bits, it is
 * a small integer to V8, which a Set keeps without a heap number for each.
 */
function fingerprint (key: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193)
  return hash & 0x3fffffff
}

/** A recorded read, taken apart once: the name is then one string, hashed once, however often compared. */
interface Read {
  list: boolean
  name: string
  value: string | undefined
}

/** An entry as kept: its reads as an array, the quickest to compare on every lookup. */
interface Kept extends CachedAnswer {
  reads: readonly Read[]
  /** For an answer with `until`: when it was kept, since a clock set back must not find it. */
  since: number
  until: number | undefined
}

/**
 * Answers of pure twimlets, given again to requests that would read exactly the same values.
 * An entry records every parameter its twimlet read (Params.record); a request matches only
 * when each of those reads sees the same value, so one caller's answer never reaches another
 * caller whose answer would differ (AllowedCallers, the whisper's default message).
 */
/** Whether these parameters hold every value the kept answer read. */
function readAlike (entry: Kept, params: Params): boolean {
  for (let r = 0; r < entry.reads.length; r++) {
    const read = entry.reads[r] as Read
    if ((read.list ? params.peekList(read.name) : params.peekValue(read.name)) !== read.value) return false
  }
  return true
}

export class ResponseCache {
  readonly #lru: LRUCache<string, Kept[]>
  readonly #seen = new Set<number>()
  readonly #clock: () => number

  constructor (options: { maxBytes: number, clock?: () => number }) {
    this.#clock = options.clock ?? Date.now
    this.#lru = new LRUCache<string, Kept[]>({
      maxSize: options.maxBytes,
      // Strings take two bytes a character; each entry and each recorded read adds its overhead.
      sizeCalculation: (entries) => entries.reduce((size, e) => {
        let reads = 0
        for (const read of e.reads) reads += (read.name.length + (read.value?.length ?? 0)) * 2 + 64
        return size + e.xml.length * 2 + reads + 512
      }, 0)
    })
  }

  #current (since: number, until: number): boolean {
    const now = this.#clock()
    return since <= now && now < until
  }

  get (key: string, params: Params): CachedAnswer | undefined {
    const entries = this.#lru.get(key)
    if (entries === undefined) return undefined
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e] as Kept
      // An answer of the clock's is never given past the instant it may change (hours at closing time).
      if (readAlike(entry, params) && (entry.until === undefined || this.#current(entry.since, entry.until))) return entry
    }
    return undefined
  }

  /**
   * Whether an answer for this key is worth keeping: only once the key has been asked for
   * before. A URL asked for once (a unique one, or a scan) then costs neither memory nor the
   * bookkeeping of its reads; a phone line's URL is kept from its second call on.
   */
  admits (key: string): boolean {
    const print = fingerprint(key)
    if (this.#seen.has(print)) return true
    if (this.#seen.size >= SEEN_MAX) this.#seen.clear()
    this.#seen.add(print)
    return false
  }

  set (key: string, entry: Entry): void {
    const kept: Kept = { xml: entry.xml, stage: entry.stage, issues: entry.issues, since: entry.until === undefined ? 0 : this.#clock(), until: entry.until, reads: [...entry.reads].map(([read, value]) => ({ list: read.startsWith('l:'), name: read.slice(2), value })) }
    const live = (this.#lru.get(key) ?? []).filter((e) => e.until === undefined || this.#current(e.since, e.until))
    const entries = [kept, ...live].slice(0, VARIANTS_PER_URL)
    this.#lru.set(key, entries)
  }
}
