import { Limits } from './limits.js'
import type { Params } from './params.js'
import { ConfigProblem } from './problems.js'

const SCHEME = /^[a-z][a-z0-9+.-]*:/i
// Characters that have no place in a URL Twilio will fetch: they would be ambiguous at best.
const UNSAFE = /[\s<>"{}|\\^`\u0000-\u001f\u007f]/

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

/**
 * A URL Twilio may be sent to: absolute http(s), or relative, which Twilio resolves against
 * the document that names it, that is, against this service.
 */
export function twilioUrl (text: string): string | undefined {
  if (SCHEME.test(text)) return httpUrl(text)
  if (text.length > Limits.urlLength || UNSAFE.test(text) || text.startsWith('//')) return undefined
  return text
}

/** A URL parameter, checked by twilioUrl; a bad one is dropped with a warning. */
export function readUrl (params: Params, name: string): string | undefined {
  const text = params.string(name, Limits.urlLength + 1)
  if (text === undefined) return undefined
  const url = twilioUrl(text)
  if (url === undefined) params.warn(name, 'is not an http(s) URL or a relative path; ignored')
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
