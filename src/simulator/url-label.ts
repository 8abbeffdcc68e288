import { isWrittenNumber, parsePhone } from '../dialing/phone.js'

/** A URL as a person reads it: a twimlet and what its parameters say, or an address without %-escapes. */
export interface UrlLabel {
  /** The twimlet's name, for a URL of this service (or of twimlets.com). */
  twimlet: string | undefined
  /** Its meaningful parameters, values decoded: numbers grouped, nested URLs described the same way. */
  params: Array<[name: string, value: string]>
  /** The whole label on one line: `forward (PhoneNumber +1 415 555 1003)`. */
  text: string
}

/** Parameters a twimlet writes into its own follow-up URLs: its state, not the configuration. */
const STATE = new Set(['Dial', 'Round'])
const HOSTED = new Set(['twimlets.com', 'www.twimlets.com'])
/** A relative twimlet URL in a parameter (`voicemail?Email=…`), not text that asks a question. */
const NESTED = /^[\w./-]+\?\S*=\S*$/
const MAX_VALUE = 60
const MAX_DEPTH = 3
const MAX_PARAMS = 8

function clip (text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** A number grouped as written from abroad (+1 415 555 1001); anything else as typed. */
export function readableNumber (text: string): string {
  const phone = text.trim().startsWith('+') && isWrittenNumber(text) ? parsePhone(text.trim()) : undefined
  return phone?.valid === true ? phone.international : text
}

/** The address without %-escapes, for a person to read; as given when it does not decode. */
function readableAddress (url: URL): string {
  try {
    return decodeURI(`${url.origin}${url.pathname}${url.search}`)
  } catch {
    return url.href
  }
}

function nameOf (key: string): string {
  const bracket = key.indexOf('[')
  return bracket > 0 ? key.slice(0, bracket) : key
}

/** A value of the query as a person reads it; a nested twimlet URL as its own label. */
function readableValue (value: string, base: string, depth: number): string {
  const trimmed = value.trim()
  if (depth < MAX_DEPTH && (/^https?:\/\/\S+$/i.test(trimmed) || NESTED.test(trimmed))) {
    const inner = label(trimmed, base, depth + 1)
    return inner.twimlet === undefined ? clip(inner.text, MAX_VALUE) : inner.text
  }
  return clip(readableNumber(trimmed), MAX_VALUE)
}

function label (text: string, base: string, depth: number): UrlLabel {
  let url: URL
  try {
    url = new URL(text, base)
  } catch {
    return { twimlet: undefined, params: [], text: clip(text, MAX_VALUE * 2) }
  }
  const ours = url.href.startsWith(base)
  const hosted = HOSTED.has(url.hostname)
  if (!ours && !hosted) return { twimlet: undefined, params: [], text: clip(readableAddress(url), MAX_VALUE * 2) }
  const path = ours ? url.href.slice(base.length).replace(/[?#].*$/s, '') : url.pathname.slice(1)
  const twimlet = path.replace(/\/+$/, '')
  if (twimlet === '') return { twimlet: undefined, params: [], text: clip(readableAddress(url), MAX_VALUE * 2) }
  const grouped = new Map<string, string[]>()
  for (const [key, value] of url.searchParams) {
    const name = nameOf(key)
    if (STATE.has(name) || value.trim() === '') continue
    const values = grouped.get(name) ?? []
    if (values.length === 0) {
      if (grouped.size >= MAX_PARAMS) continue
      grouped.set(name, values)
    }
    values.push(readableValue(value, base, depth))
  }
  const params = [...grouped].map(([name, values]): [string, string] => [name, values.join(', ')])
  const shown = params.map(([name, value]) => `${name} ${value}`).join('; ')
  const name = hosted ? `twimlets.com ${twimlet}` : twimlet
  return { twimlet, params, text: shown === '' ? name : `${name} (${shown})` }
}

/**
 * A URL of a call, for people: a twimlet URL of the service at `base` (or of twimlets.com) as the
 * twimlet and its parameters, decoded; any other URL as its address.
 */
export function urlLabel (url: string, base: string): UrlLabel {
  return label(url, base, 0)
}
