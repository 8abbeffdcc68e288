import { LRUCache } from 'lru-cache'
import type { ParamIssue, Params } from './params.js'

/** An answer, and everything its computation read from the request. */
interface Entry {
  reads: ReadonlyMap<string, string | undefined>
  xml: string
  stage: string
  issues: readonly ParamIssue[]
}

export interface CachedAnswer {
  xml: string
  stage: string
  issues: readonly ParamIssue[]
}

// One URL answers differently for a few callers or call states (whisper's default names the
// caller); beyond this many, the oldest variant makes room.
const VARIANTS_PER_URL = 8

/**
 * Answers of pure twimlets, given again to requests that would read exactly the same values.
 * An entry records every parameter its twimlet read (Params.record); a request matches only
 * when each of those reads sees the same value, so one caller's answer never reaches another
 * caller whose answer would differ (AllowedCallers, the whisper's default message).
 */
export class ResponseCache {
  readonly #lru: LRUCache<string, Entry[]>

  constructor (options: { maxBytes: number }) {
    this.#lru = new LRUCache<string, Entry[]>({
      maxSize: options.maxBytes,
      // Strings take two bytes a character; each entry and each recorded read adds its overhead.
      sizeCalculation: (entries) => entries.reduce((size, e) => {
        let reads = 0
        for (const [read, value] of e.reads) reads += (read.length + (value?.length ?? 0)) * 2 + 64
        return size + e.xml.length * 2 + reads + 512
      }, 0)
    })
  }

  get (key: string, params: Params): CachedAnswer | undefined {
    const entries = this.#lru.get(key)
    if (entries === undefined) return undefined
    search: for (const entry of entries) {
      for (const [read, value] of entry.reads) {
        if (params.peek(read) !== value) continue search
      }
      return entry
    }
    return undefined
  }

  set (key: string, entry: Entry): void {
    const entries = [entry, ...(this.#lru.get(key) ?? [])].slice(0, VARIANTS_PER_URL)
    this.#lru.set(key, entries)
  }
}
