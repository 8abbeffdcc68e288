import { isBucketName } from './bucket.js'
import { parseXml, XmlError, type XmlElement } from '../twiml/xml.js'

/** Where buckets are read when the operator names no endpoint: AWS's public S3. */
const AWS = 'https://s3.amazonaws.com/'
/** A page of 1,000 keys is a few hundred kilobytes; anything far larger is not a listing. */
export const MAX_PAGE_BYTES = 2 * 1024 * 1024
/** Error bodies are read only for their code. */
const MAX_ERROR_BYTES = 16 * 1024
/** A listing is three levels deep. */
const XML_READ = { maxDepth: 8, instructions: 'skip' } as const

export interface ListOptions {
  /** Base URL of an S3-compatible service (path-style addressing); undefined for AWS. */
  endpoint: string | undefined
  /** For the whole listing, every page included. */
  timeoutMs: number
  maxPages: number
  /** `max-keys` of each request; the server's default (1,000 on S3) when unset. */
  pageSize?: number | undefined
  maxPageBytes?: number | undefined
  /** Abandons the listing (the cache entry it was for is gone). */
  signal?: AbortSignal | undefined
}

export type Listing =
  | { ok: true, keys: string[], complete: boolean }
  /** `retry`: the failure may pass (timeout, 5xx, network); otherwise the bucket cannot be listed. */
  | { ok: false, reason: string, retry: boolean }

class ListingError extends Error {
  constructor (message: string, readonly retry: boolean) {
    super(message)
    this.name = 'ListingError'
  }
}

/**
 * The bucket's root URL. On AWS a name without dots is its own host; a dotted name would not
 * match the *.s3.amazonaws.com certificate, so it goes in the path, as the hosted Twimlets did.
 * Any other endpoint is addressed path-style under its own path.
 */
export function bucketUrl (endpoint: string | undefined, bucket: string): URL {
  if (!isBucketName(bucket)) throw new TypeError(`not a valid S3 bucket name: ${JSON.stringify(bucket.slice(0, 80))}`)
  const url = new URL(endpoint ?? AWS)
  url.search = ''
  url.hash = ''
  if (endpoint === undefined && !bucket.includes('.')) {
    url.hostname = `${bucket}.${url.hostname}`
    return url
  }
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`
  url.pathname = `${base}${bucket}/`
  return url
}

/**
 * The public URL of an object, each path segment of its key percent-encoded. Undefined for a
 * key with "." or ".." segments: URL parsers resolve those, so no URL can name such an object.
 */
export function objectUrl (endpoint: string | undefined, bucket: string, key: string): string | undefined {
  const segments = key.split('/')
  if (segments.some((s) => s === '.' || s === '..')) return undefined
  const url = bucketUrl(endpoint, bucket)
  url.pathname = `${url.pathname}${segments.map(encodeURIComponent).join('/')}`
  return url.href
}

function listUrl (options: ListOptions, bucket: string, token: string | undefined): URL {
  const url = bucketUrl(options.endpoint, bucket)
  url.searchParams.set('list-type', '2')
  if (options.pageSize !== undefined) url.searchParams.set('max-keys', String(options.pageSize))
  if (token !== undefined) url.searchParams.set('continuation-token', token)
  return url
}

async function readCapped (response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    await response.body?.cancel()
    throw new ListingError(`answer of ${declared} bytes is larger than ${maxBytes}`, true)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  if (response.body !== null) {
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel()
        throw new ListingError(`answer is larger than ${maxBytes} bytes`, true)
      }
      chunks.push(value)
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw new ListingError('answer is not UTF-8 text', true)
  }
}

/** The first child element with this local name (S3 may qualify its names with a prefix). */
function child (element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c): c is XmlElement => typeof c !== 'string' && localName(c) === name)
}

function localName (element: XmlElement): string {
  return element.name.slice(element.name.indexOf(':') + 1)
}

function textOf (element: XmlElement | undefined): string | undefined {
  return element?.children.filter((c): c is string => typeof c === 'string').join('')
}

/** S3's error code (NoSuchBucket, AccessDenied, ...) from an error answer, when it has one. */
function errorCode (body: string): string | undefined {
  try {
    const root = parseXml(body, XML_READ)
    const code = localName(root) === 'Error' ? textOf(child(root, 'Code'))?.trim() : undefined
    return code === undefined || code === '' ? undefined : code.slice(0, 64)
  } catch {
    return undefined
  }
}

interface Page {
  keys: string[]
  truncated: boolean
  next: string | undefined
}

function readPage (root: XmlElement): Page {
  if (localName(root) !== 'ListBucketResult') throw new ListingError(`answer is a <${root.name.slice(0, 40)}>, not a listing`, true)
  const keys: string[] = []
  for (const entry of root.children) {
    if (typeof entry === 'string' || localName(entry) !== 'Contents') continue
    const key = textOf(child(entry, 'Key'))
    if (key !== undefined && key !== '') keys.push(key)
  }
  const token = textOf(child(root, 'NextContinuationToken'))
  return { keys, truncated: textOf(child(root, 'IsTruncated'))?.trim() === 'true', next: token === '' ? undefined : token }
}

async function fetchPage (url: URL, signal: AbortSignal, maxBytes: number): Promise<Page> {
  // Redirects are not followed: only the configured endpoint is ever contacted.
  const response = await fetch(url, { signal, redirect: 'manual', headers: { accept: 'application/xml' } })
  if (!response.ok) {
    const code = errorCode(await readCapped(response, MAX_ERROR_BYTES).catch(() => ''))
    const status = response.status
    // Throttling and server errors pass; anything else is the bucket's own answer.
    throw new ListingError(`HTTP ${status}${code === undefined ? '' : ` ${code}`}`, status >= 500 || status === 429 || status === 408)
  }
  let root: XmlElement
  try {
    root = parseXml(await readCapped(response, maxBytes), XML_READ)
  } catch (error) {
    if (error instanceof XmlError) throw new ListingError(`malformed listing (${error.message})`, true)
    throw error
  }
  return readPage(root)
}

function describe (error: unknown, timeoutMs: number): { reason: string, retry: boolean } {
  if (error instanceof ListingError) return { reason: error.message, retry: error.retry }
  const name = (error as { name?: unknown } | null)?.name
  if (name === 'TimeoutError') return { reason: `no complete answer within ${timeoutMs} ms`, retry: true }
  if (name === 'AbortError') return { reason: 'listing abandoned', retry: true }
  const cause = (error as { cause?: { code?: unknown, message?: unknown } } | null)?.cause
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : String(error)
  return { reason: `cannot reach the S3 endpoint (${detail.slice(0, 120)})`, retry: true }
}

/**
 * Lists a bucket's keys with ListObjectsV2, following continuation pages up to `maxPages`.
 * Never rejects: a failure is a Listing with the reason. The timeout bounds the whole listing.
 */
export async function listObjects (bucket: string, options: ListOptions): Promise<Listing> {
  if (!isBucketName(bucket)) return { ok: false, reason: 'not a valid S3 bucket name', retry: false }
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  const keys: string[] = []
  let token: string | undefined
  try {
    for (let page = 0; page < options.maxPages; page++) {
      const result = await fetchPage(listUrl(options, bucket, token), signal, options.maxPageBytes ?? MAX_PAGE_BYTES)
      keys.push(...result.keys)
      if (!result.truncated) return { ok: true, keys, complete: true }
      if (result.next === undefined) break
      token = result.next
    }
    return { ok: true, keys, complete: false }
  } catch (error) {
    return { ok: false, ...describe(error, options.timeoutMs) }
  }
}
