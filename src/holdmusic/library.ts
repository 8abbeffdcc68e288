import { LRUCache } from 'lru-cache'
import { Limits } from '../params/limits.js'
import { isBucketName } from './bucket.js'
import { listObjects, objectUrl, type ListOptions } from './s3.js'

/** The file types Twilio's <Play> documents (MP3, WAV, AIFF, GSM, μ-law), by extension. */
export const AUDIO_EXTENSIONS: readonly string[] = ['.mp3', '.wav', '.wave', '.aif', '.aiff', '.aifc', '.gsm', '.ul', '.ulaw']
/** Most tracks kept for one bucket; a hold-music library is a few dozen. */
export const MAX_TRACKS = 1000
/** How long a failed listing is remembered before S3 is asked again. */
export const RETRY_MS = 30_000

export type Tracks =
  | { status: 'ok', urls: readonly string[] }
  /** S3 answered that the bucket cannot be listed (missing, private, elsewhere). */
  | { status: 'unlistable', reason: string }
  /** S3 could not be asked just now; asked again later. */
  | { status: 'failed', reason: string }

/** What the holdmusic twimlet sees: the playable URLs of a bucket. */
export interface HoldMusic {
  /** Never rejects; answers within the listing timeout, at once when the bucket is cached. */
  tracks: (bucket: string) => Promise<Tracks>
}

export interface Logger {
  warn: (details: object, message: string) => void
}

/** How a request was answered: from a fresh listing, from an old one, or by waiting for S3. */
export type Lookup = 'hit' | 'stale' | 'miss'

export interface LibraryOptions extends Omit<ListOptions, 'signal'> {
  ttlMs: number
  max: number
  retryMs?: number | undefined
  log: Logger
  /** Told of every lookup, for metrics. */
  onLookup?: ((result: Lookup) => void) | undefined
}

function isAudio (key: string): boolean {
  const lower = key.toLowerCase()
  return AUDIO_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length)
}

/**
 * Bucket listings, cached. A caller on hold is redirected back every few minutes: only the
 * first request for a bucket waits for S3. After the TTL, the old listing is served at once
 * while a fresh one is fetched; a failed refresh keeps the old listing.
 */
export class HoldMusicLibrary implements HoldMusic {
  readonly #cache: LRUCache<string, Tracks>
  #closed = false

  constructor (private readonly options: LibraryOptions) {
    this.#cache = new LRUCache<string, Tracks>({
      max: options.max,
      ttl: options.ttlMs,
      allowStale: true,
      noDeleteOnStaleGet: true,
      fetchMethod: async (bucket, stale, { signal, options: entry }) => {
        const tracks = await this.#list(bucket, signal)
        if (signal.aborted) return undefined
        if (tracks.status !== 'failed') return tracks
        entry.ttl = Math.min(options.retryMs ?? RETRY_MS, options.ttlMs)
        if (stale?.status !== 'ok') return tracks
        options.log.warn({ bucket, reason: tracks.reason }, 'holdmusic: listing the bucket failed; the previous listing is kept')
        return stale
      }
    })
  }

  async #list (bucket: string, signal: AbortSignal): Promise<Tracks> {
    const listing = await listObjects(bucket, { ...this.options, signal })
    if (!listing.ok) return { status: listing.retry ? 'failed' : 'unlistable', reason: listing.reason }
    if (!listing.complete) {
      this.options.log.warn({ bucket, pages: this.options.maxPages }, 'holdmusic: bucket has more pages than are read; the rest is not played')
    }
    const urls: string[] = []
    for (const key of listing.keys) {
      if (urls.length >= MAX_TRACKS) break
      if (!isAudio(key)) continue
      const url = objectUrl(this.options.endpoint, bucket, key)
      if (url !== undefined && url.length <= Limits.urlLength) urls.push(url)
    }
    return { status: 'ok', urls }
  }

  async tracks (bucket: string): Promise<Tracks> {
    if (!isBucketName(bucket)) return { status: 'unlistable', reason: 'not a valid S3 bucket name' }
    if (this.#closed) return { status: 'failed', reason: 'the service is shutting down' }
    const status: LRUCache.Status<string, Tracks> = {}
    try {
      return await this.#cache.fetch(bucket, { status }) ?? { status: 'failed', reason: 'listing abandoned' }
    } catch {
      // The cache rejects a fetch it abandoned (on close) when there is no old value to give.
      return { status: 'failed', reason: 'listing abandoned' }
    } finally {
      this.options.onLookup?.(status.returnedStale === true ? 'stale' : status.fetch === 'hit' ? 'hit' : 'miss')
    }
  }

  /** Abandons listings under way. */
  close (): void {
    this.#closed = true
    this.#cache.clear()
  }
}
