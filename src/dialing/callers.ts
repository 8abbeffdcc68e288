import type { Params } from '../params/params.js'
import type { CountryCode } from './phone.js'
import { parseTarget, phoneKey } from './targets.js'

// RFC 3261 19.1.4: a URI with one of these parameters never equals one without it; any other
// parameter (transport, lr, ...) does not change who the caller is.
const SIGNIFICANT_PARAMS: ReadonlySet<string> = new Set(['user', 'ttl', 'method', 'maddr'])
const ESCAPE = /%([0-9a-f]{2})/gi
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]$/

/** Escapes of unreserved characters are the characters themselves (RFC 3261 19.1.4). */
function unescape (text: string): string {
  return text.replace(ESCAPE, (escape: string, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16))
    return UNRESERVED.test(char) ? char : escape.toUpperCase()
  })
}

/**
 * A SIP URI as RFC 3261 compares them: the scheme and host case-insensitively, the user part
 * exactly, the port as written, and only the parameters that make URIs differ.
 */
function sipKey (uri: string): string {
  const colon = uri.indexOf(':')
  const at = uri.indexOf('@')
  const scheme = uri.slice(0, colon).toLowerCase()
  const user = unescape(uri.slice(colon + 1, at))
  const rest = uri.slice(at + 1)
  const question = rest.indexOf('?')
  const headers = question === -1 ? '' : rest.slice(question)
  const [hostport = '', ...params] = (question === -1 ? rest : rest.slice(0, question)).split(';')
  const significant = params
    .map((param) => unescape(param).toLowerCase())
    .filter((param) => SIGNIFICANT_PARAMS.has(param.split('=', 1)[0] ?? ''))
    .sort()
  return JSON.stringify([scheme, user, hostport.toLowerCase(), significant, headers])
}

/**
 * A caller's identity in the form identities compare in, each kind apart from the others:
 * phone numbers in any format as one number (see phoneKey), `client:` names exactly, SIP URIs
 * as RFC 3261 compares them. Undefined for anything else: it never matches anyone.
 */
export function callerKey (typed: string, region?: CountryCode): string | undefined {
  const target = parseTarget(typed)
  switch (target?.kind) {
    case 'number': {
      const key = phoneKey(target.value, region)
      return key === '' ? undefined : `tel:${key}`
    }
    case 'client': return `client:${target.value}`
    case 'sip': return `sip:${sipKey(target.value)}`
    default: return undefined
  }
}

/**
 * True when the caller (From) or the called number (To) is one of `callers`, compared by
 * callerKey. The hosted Twimlets matched either, so a list can name a line as well as a person.
 */
export function callMatches (params: Params, callers: readonly string[], region?: CountryCode): boolean {
  const keys = new Set(callers.map((caller) => callerKey(caller, region)))
  keys.delete(undefined)
  if (keys.size === 0) return false
  const from = params.string('From') ?? params.string('Caller')
  const to = params.string('To') ?? params.string('Called')
  return [from, to].some((party) => party !== undefined && keys.has(callerKey(party, region)))
}
