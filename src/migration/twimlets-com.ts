import { decodeComponent, splitFormAt } from '../http/form.js'

/** The hosts of Twilio's hosted Twimlets, whose URLs this service answers alike. */
const HOSTS: ReadonlySet<string> = new Set(['twimlets.com', 'www.twimlets.com'])
const SCHEME = /^[a-z][a-z0-9+.-]*:/i
/** How deep URLs nested in URLs are rewritten; a real line nests two or three. */
const MAX_DEPTH = 6

export function isTwimletsCom (url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && HOSTS.has(url.hostname)
}

/** The twimlet a URL's path names: its last segment, `findme` from /findme and /findme/. */
export function twimletOf (url: URL): string {
  return url.pathname.replace(/\/+$/, '').split('/').at(-1) ?? ''
}

function parsed (text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/** A twimlets.com URL as the same URL of this service, relative (`voicemail?…`); undefined when it names no twimlet here. */
function relativeOf (url: URL, names: ReadonlySet<string>, depth: number): string | undefined {
  const name = twimletOf(url)
  if (!names.has(name)) return undefined
  const query = rewriteQuery(url.search.slice(1), names, depth + 1)
  return query === '' ? name : `${name}?${query}`
}

/** A value nested in a query, rewritten: a twimlets.com URL, or a relative URL whose query holds one. */
function rewriteValue (value: string, names: ReadonlySet<string>, depth: number): string | undefined {
  if (SCHEME.test(value)) {
    const url = parsed(value)
    return url !== undefined && isTwimletsCom(url) ? relativeOf(url, names, depth) : undefined
  }
  const at = value.indexOf('?')
  if (at === -1) return undefined
  const query = rewriteQuery(value.slice(at + 1), names, depth + 1)
  return query === value.slice(at + 1) ? undefined : `${value.slice(0, at)}?${query}`
}

/**
 * The query with every nested twimlets.com URL made a relative URL of this service, at any
 * depth. Only those values change: every other pair stays exactly as typed, since this service
 * reads a query as typed (an unencoded leading "+" of a number is kept).
 */
export function rewriteQuery (query: string, names: ReadonlySet<string>, depth = 0): string {
  if (depth > MAX_DEPTH) return query
  let out = ''
  let copied = 0
  splitFormAt(query, (_name, from, to) => {
    const value = decodeComponent(query.slice(from, to)).trim()
    const rewritten = rewriteValue(value, names, depth)
    if (rewritten === undefined) return
    out += `${query.slice(copied, from)}${encodeURIComponent(rewritten)}`
    copied = to
  })
  return copied === 0 ? query : `${out}${query.slice(copied)}`
}

export interface Moved {
  /** The line on this service, absolute. */
  rewritten: string
}

/**
 * The same line on this service when the URL, or a URL nested in it, is on twimlets.com;
 * undefined when nothing in it is. A twimlets.com URL moves to `base`, a folder of this
 * service; a relative one is taken against it; any other keeps its place, nested URLs rewritten.
 */
export function moveLine (url: URL, relative: boolean, base: string, names: ReadonlySet<string>): Moved | undefined {
  const query = rewriteQuery(url.search.slice(1), names)
  const root = isTwimletsCom(url)
  if (!root && query === url.search.slice(1)) return undefined
  if (root && !names.has(twimletOf(url))) return undefined
  const moved = root ? new URL(twimletOf(url), base) : relative ? new URL(url.pathname.replace(/^\/+/, ''), base) : new URL(url.href)
  moved.search = query
  moved.hash = ''
  return { rewritten: moved.href }
}
