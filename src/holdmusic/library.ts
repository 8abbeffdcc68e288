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

/**
 * How a request was answered: from a fresh listing, from an old one, by waiting for S3, or at
 * once with a failure because too many listings were under way.
 */
export type Lookup = 'hit' | 'stale' | 'miss' | 'busy'

export interface LibraryOptions extends Omit<ListOptions, 'signal'> {
  ttlMs: number
  /** Most bucket listings kept. */
  max: number
  /** Most memory the kept listings take, as estimated by listingBytes. */
  maxBytes?: number | undefined
  /** Most listings fetched at once. */
  maxPending?: number | undefined
  retryMs?: number | undefined
  log: Logger
  /** Told of every lookup, for metrics. */
  onLookup?: ((result: Lookup) => void) | undefined
}

/** Listings kept when the operator sets no budget. */
export const MAX_BYTES = 32 * 1024 * 1024
/**
 * Listings fetched at once. Each holds a page of up to 2 MiB and its keys until it is done; a
 * request past this is answered at once ("please hold", then again), never left waiting.
 */
export const MAX_PENDING = 32
/** Buckets remembered as unlistable or failing: names anyone can type, kept apart from music. */
export const MAX_MISSES = 1000
// A URL costs its characters (one byte each: ASCII) and, as measured on Node 20 with 100 listings
// of 1,000 long keys, about 128 bytes more (string header, array slot, allocator slack).
const STRING_BYTES = 128
const ENTRY_BYTES = 256

/** What a listing costs in memory, over-estimated a little: the measure of the cache's budget. */
export function listingBytes (tracks: Tracks, bucket: string): number {
  let bytes = ENTRY_BYTES + STRING_BYTES + bucket.length
  if (tracks.status === 'ok') for (const url of tracks.urls) bytes += STRING_BYTES + url.length
  else bytes += STRING_BYTES + tracks.reason.length
  return bytes
}

const BUSY: Tracks = { status: 'failed', reason: 'too many bucket listings under way' }
const ABANDONED: Tracks = { status: 'failed', reason: 'listing abandoned' }

function isAudio (key: string): boolean {
  const lower = key.toLowerCase()
  return AUDIO_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length)
}

interface Pending {
  tracks: Promise<Tracks>
  controller: AbortController
}

/**
 * Bucket listings, cached. A caller on hold is redirected back every few minutes: only the
 * first request for a bucket waits for S3. After the TTL, the old listing is served at once
 * while a fresh one is fetched; a failed refresh keeps the old listing.
 *
 * Listings with music are bounded in bytes and kept apart from failures, so names typed by
 * anyone (each a small failure) cannot push music out; listings under way are kept apart from
 * both, so no flood of names can drop the one a caller is waiting for.
 */
export class HoldMusicLibrary implements HoldMusic {
  readonly #listings: LRUCache<string, Tracks>
  readonly #misses: LRUCache<string, Tracks>
  readonly #pending = new Map<string, Pending>()
  readonly #maxPending: number
  #closed = false

  constructor (private readonly options: LibraryOptions) {
    const kept = { ttl: options.ttlMs, allowStale: true, noDeleteOnStaleGet: true }
    this.#listings = new LRUCache<string, Tracks>({
      ...kept,
      max: options.max,
      maxSize: options.maxBytes ?? MAX_BYTES,
      sizeCalculation: listingBytes
    })
    this.#misses = new LRUCache<string, Tracks>({ ...kept, max: MAX_MISSES })
    this.#maxPending = options.maxPending ?? MAX_PENDING
  }

  /** The estimated bytes of the listings kept (see listingBytes), for tests and operators. */
  get size (): number {
    return this.#listings.calculatedSize
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

  /** Keeps a listing's outcome; a failure after music keeps the music for a while. */
  #keep (bucket: string, tracks: Tracks, stale: Tracks | undefined): Tracks {
    if (tracks.status === 'ok') {
      this.#misses.delete(bucket)
      this.#listings.set(bucket, tracks)
      return tracks
    }
    if (tracks.status === 'unlistable') {
      this.#listings.delete(bucket)
      this.#misses.set(bucket, tracks)
      return tracks
    }
    const ttl = Math.min(this.options.retryMs ?? RETRY_MS, this.options.ttlMs)
    if (stale?.status !== 'ok') {
      this.#misses.set(bucket, tracks, { ttl })
      return tracks
    }
    this.options.log.warn({ bucket, reason: tracks.reason }, 'holdmusic: listing the bucket failed; the previous listing is kept')
    this.#listings.set(bucket, stale, { ttl })
    return stale
  }

  /** The listing under way for the bucket, or a new one when there is room for it. */
  #fetch (bucket: string, stale: Tracks | undefined): Promise<Tracks> | undefined {
    const pending = this.#pending.get(bucket)
    if (pending !== undefined) return pending.tracks
    if (this.#pending.size >= this.#maxPending) return undefined
    const controller = new AbortController()
    const tracks = this.#list(bucket, controller.signal)
      .then((found) => controller.signal.aborted ? ABANDONED : this.#keep(bucket, found, stale))
      .finally(() => { this.#pending.delete(bucket) })
    this.#pending.set(bucket, { tracks, controller })
    return tracks
  }

  async tracks (bucket: string): Promise<Tracks> {
    if (!isBucketName(bucket)) return { status: 'unlistable', reason: 'not a valid S3 bucket name' }
    if (this.#closed) return { status: 'failed', reason: 'the service is shutting down' }
    const status: LRUCache.Status<string, Tracks> = {}
    const kept = this.#listings.get(bucket, { status }) ?? this.#misses.get(bucket, { status })
    const onLookup = this.options.onLookup
    if (kept !== undefined && status.get === 'hit') {
      onLookup?.('hit')
      return kept
    }
    const fetching = this.#fetch(bucket, kept)
    if (kept !== undefined) {
      onLookup?.('stale')
      return kept
    }
    onLookup?.(fetching === undefined ? 'busy' : 'miss')
    return await (fetching ?? BUSY)
  }

  /** Abandons listings under way. */
  close (): void {
    this.#closed = true
    for (const { controller } of this.#pending.values()) controller.abort()
    this.#listings.clear()
    this.#misses.clear()
  }
}
