import { createHmac, timingSafeEqual } from 'node:crypto'

type Pair = readonly [string, string]

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' }
const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed by the auth token, over the full URL it
 * requested followed, for form POSTs, by each parameter's name and value sorted by name (the
 * values of a repeated name sorted too, duplicates once).
 */
export function signature (authToken: string, url: string, form: readonly Pair[] = []): string {
  const byName = new Map<string, Set<string>>()
  for (const [name, value] of form) {
    const values = byName.get(name) ?? new Set<string>()
    values.add(value)
    byName.set(name, values)
  }
  let data = url
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...(byName.get(name) ?? [])].sort()) data += name + value
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64')
}

/**
 * The URL as received, and with the scheme's default port added or removed: Twilio may sign
 * either form, and its own validator accepts both.
 */
export function urlForms (url: string): string[] {
  const m = AUTHORITY.exec(url)
  if (m === null) return [url]
  const [, scheme = '', authority = '', rest = ''] = m
  const port = DEFAULT_PORT[scheme.slice(0, -2).toLowerCase()]
  if (port === undefined) return [url]
  const at = authority.lastIndexOf(':')
  const hasPort = at > authority.lastIndexOf(']')
  if (!hasPort) return [url, `${scheme}${authority}:${port}${rest}`]
  if (authority.slice(at + 1) === port) return [url, `${scheme}${authority.slice(0, at)}${rest}`]
  return [url]
}

function same (a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface SignedRequest {
  /** The public URL Twilio requested. */
  url: string
  /** The form parameters of a POST; none for GET. */
  form: readonly Pair[]
  /** The X-Twilio-Signature header. */
  header: string | undefined
}

/** True when the request was signed with one of the tokens (several, during rotation). */
export function validSignature (tokens: readonly string[], request: SignedRequest): boolean {
  const header = request.header
  if (header === undefined || header === '') return false
  let valid = false
  // Every candidate is computed, so the time taken does not tell which token or form matched.
  for (const token of tokens) {
    for (const url of urlForms(request.url)) {
      if (same(signature(token, url, request.form), header)) valid = true
    }
  }
  return valid
}
