import { Limits } from './limits.js'
import type { Params } from './params.js'
import { ConfigProblem } from './problems.js'
import type { Speech } from '../twiml/twiml.js'

const SCHEME = /^[a-z][a-z0-9+.-]*:/i
// Anything but these is written percent-encoded before Twilio is sent the URL.
const NEEDS_ENCODING = /[^\u0021-\u007e]|["<>\\^`{|}]/
// Never part of a URL, however typed: a line break or tab is a paste gone wrong.
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u001f\u007f]/
// Where relative references are encoded; nothing of it is kept.
const SCRATCH = 'https://relative.invalid/'

/** An absolute http(s) URL, normalized; undefined for anything else. */
export function httpUrl (text: string): string | undefined {
  if (text.length > Limits.urlLength) return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  return url.href
}

/** A relative reference taken apart where URL takes it apart: path, then `?query`, then `#fragment`. */
interface Reference {
  path: string
  /** With its "?", or '' when there is none. */
  query: string
  /** With its "#", or '' when there is none. */
  fragment: string
}

function splitReference (text: string): Reference {
  const hash = text.indexOf('#')
  const beforeHash = hash === -1 ? text : text.slice(0, hash)
  const question = beforeHash.indexOf('?')
  return {
    path: question === -1 ? beforeHash : beforeHash.slice(0, question),
    query: question === -1 ? '' : beforeHash.slice(question),
    fragment: hash === -1 ? '' : text.slice(hash)
  }
}

/**
 * A relative reference as typed (spaces, non-ASCII, one level of encoding), percent-encoded the
 * way URL encodes each part; escapes already there are kept. Path segments are encoded one by
 * one, so `.` and `..` keep their meaning relative to the document Twilio resolves against.
 */
function encodeReference (text: string): string {
  const { path, query, fragment } = splitReference(text)
  const url = new URL(SCRATCH)
  const segments = path.split('/').map((segment) => {
    if (!NEEDS_ENCODING.test(segment)) return segment
    url.pathname = `/${segment}`
    return url.pathname.slice(1)
  })
  // The setters drop a lone "?" or "#"; typed, it stays.
  url.search = query
  url.hash = fragment
  return `${segments.join('/')}${url.search === '' ? query : url.search}${url.hash === '' ? fragment : url.hash}`
}

/** Two slashes (or backslashes, which browsers and Twilio read alike) name another host. */
function isSchemeRelative (text: string): boolean {
  const first = text.charCodeAt(0)
  const second = text.charCodeAt(1)
  return (first === 47 || first === 92) && (second === 47 || second === 92)
}

/**
 * A URL Twilio may be sent to: absolute http(s), or relative, which Twilio resolves against
 * the document that names it, that is, against this service. Either is accepted as people type
 * it and written percent-encoded; undefined for what can never be such a URL.
 */
export function twilioUrl (text: string): string | undefined {
  if (text.length > Limits.urlLength) return undefined
  const plain = !NEEDS_ENCODING.test(text)
  if (!plain && CONTROL.test(text)) return undefined
  if (SCHEME.test(text)) return httpUrl(text)
  if (isSchemeRelative(text)) return undefined
  return plain ? text : encodeReference(text)
}

/** Why twilioUrl refused a URL, as a sentence's start. */
export function urlProblem (text: string): string {
  if (text.length > Limits.urlLength) return `is longer than ${Limits.urlLength} characters`
  if (CONTROL.test(text)) return 'holds a line break or another control character'
  const scheme = SCHEME.exec(text)?.[0]
  if (scheme !== undefined && !/^https?:$/i.test(scheme)) return `is a ${scheme.slice(0, 20)} URL: only http(s) URLs and relative paths can be fetched`
  if (isSchemeRelative(text)) return 'starts with //, another host: write it with https://'
  return 'is not an http(s) URL or a relative path'
}

/**
 * A URL parameter, read by twilioUrl. One that can never work is an error: `unusable` says
 * what callers get instead, such as "callers are hung up on instead of being sent there".
 */
export function readUrl (params: Params, name: string, unusable = 'callers are not sent there'): string | undefined {
  const text = params.string(name, Limits.urlLength + 1)
  if (text === undefined) return undefined
  const url = twilioUrl(text)
  if (url === undefined) params.error(name, `${urlProblem(text)}; ${unusable}`)
  return url
}

/** Where the current request was sent, for the few URLs Twilio takes only absolute. */
export interface PublicUrl {
  /** The URL Twilio requested: PUBLIC_URL and the path, else the Host it named. */
  href: () => string
  /** True when it comes from PUBLIC_URL alone, so every request to the path shares it. */
  fixed: boolean
}

/**
 * The twimlets of this service that speak, and so read Language and Voice. test/twimlets/index.test.ts
 * keeps the list in step with twimlets/index.ts (which src/ cannot import: the twimlets import src/).
 */
export const SPEAKING_TWIMLETS: ReadonlySet<string> = new Set([
  'forward', 'simulring', 'findme', 'callme', 'whisper', 'holdmusic', 'voicemail', 'message', 'menu', 'conference', 'hours'
])

/** The twimlet a relative path names: its last segment, as routes are matched (`voicemail`, `../voicemail/`). */
function lastSegment (path: string): string {
  const end = path.endsWith('/') ? path.length - 1 : path.length
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end)
}

/**
 * A URL from the query (FailUrl, a menu option) with the line's Language and Voice when it is a
 * relative URL to a twimlet of this service that sets neither, so the voicemail behind a Japanese
 * findme greets in Japanese. Absolute URLs, and any other, are returned as they are.
 */
export function withSpeech (url: string, speech: Speech): string {
  if (speech.language === undefined && speech.voice === undefined) return url
  if (SCHEME.test(url) || isSchemeRelative(url)) return url
  const { path, query, fragment } = splitReference(url)
  if (!SPEAKING_TWIMLETS.has(lastSegment(path))) return url
  // Taken apart only when it may name them: this runs on every request of such a line.
  if (query.includes('Language') || query.includes('Voice')) {
    const own = new URLSearchParams(query)
    if (own.has('Language') || own.has('Voice')) return url
  }
  const added = new URLSearchParams()
  if (speech.language !== undefined) added.set('Language', speech.language)
  if (speech.voice !== undefined) added.set('Voice', speech.voice)
  return `${path}${query.length > 1 ? `${query}&` : '?'}${added.toString()}${fragment}`
}

/**
 * Builds the URLs of the next steps of a call. They are relative to the current request, so
 * the service keeps working under a reverse proxy's path prefix: from /twimlets/findme,
 * `whisper?…` is /twimlets/whisper.
 */
export class Links {
  readonly #prefix: string
  readonly #public: PublicUrl | undefined
  #hostBound = false

  constructor (requestPath: string, publicUrl?: PublicUrl) {
    // Twimlets answer at /name and /name/; from the latter, a sibling is one level up.
    this.#prefix = requestPath.endsWith('/') ? '../' : ''
    this.#public = publicUrl
  }

  /**
   * A URL from `to`, made absolute against the request's public URL, for callbacks Twilio
   * will not resolve (<Transcription statusCallbackUrl>). Relative when no request stands behind.
   */
  absolute (url: string): string {
    if (this.#public === undefined) return url
    if (!this.#public.fixed) this.#hostBound = true
    return new URL(url, this.#public.href()).href
  }

  /** True once an absolute URL was taken from the request's Host: the answer is that request's alone. */
  get hostBound (): boolean {
    return this.#hostBound
  }

  /**
   * The URL of a twimlet of this service with the given query. One longer than Twilio accepts
   * would end the call with Twilio's own error, so it is refused here, blamed on the longest
   * parameter, and the caller hears why.
   */
  to (twimlet: string, query: URLSearchParams): string {
    // URLSearchParams writes spaces as "+"; %20 reads the same everywhere, a leading "+" included.
    const search = query.toString().replaceAll('+', '%20')
    const url = `${this.#prefix}${twimlet}${search === '' ? '' : `?${search}`}`
    if (url.length <= Limits.twilioUrlLength) return url
    let longest = twimlet
    let longestLength = -1
    for (const [name, value] of query) {
      if (value.length > longestLength) [longest, longestLength] = [name, value.length]
    }
    throw new ConfigProblem('TW_URL_TOO_LONG', longest, `the next URL would be ${url.length} characters; Twilio takes at most ${Limits.twilioUrlLength}`)
  }

  /**
   * A URL from the query (an option, a FailUrl), as Twilio must be given it. A relative one
   * means a sibling of this twimlet, as typed from /menu, so from /menu/ it gets the same prefix
   * as `to`; absolute URLs, absolute paths and bare queries already mean the same from both.
   */
  typed (url: string): string {
    if (SCHEME.test(url) || url.startsWith('/') || url.startsWith('?') || url.startsWith('#')) return url
    return `${this.#prefix}${url}`
  }
}
