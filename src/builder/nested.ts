import { isTwimletsCom, twimletOf } from '../migration/twimlets-com.js'
import { serviceBase } from '../simulator/http.js'
import { isCallParam, nearestName } from '../twimlet/twimlet-params.js'
import type { Twimlet } from '../twimlet/twimlet.js'

/** A value of a query that is a URL of this service: a twimlet to check in turn, or a mistake. */
export type NestedRef =
  | { param: string, url: URL, twimlet: Twimlet }
  | { param: string, url: URL, twimlet: undefined, message: string }

const SCHEME = /^[a-z][a-z0-9+.-]*:/i
// A relative URL as people type one into a query: `voicemail?Email=…`, `./menu`, `/lines/findme`,
// `../voicemail`, `?Message=…`, `#`. A bare word is not one: it is a message or a setting.
const DOTTED = /^(?:\.{1,2}(?:\/|$)|\/(?!\/)|[?#])/
const NAMED = /^[a-z0-9][\w.~-]*(?:\/[\w.~-]*)*(?:\?[^#]*=|\/)/i
const SPACE = /\s/

function relativeLooking (value: string): boolean {
  const path = value.split(/[?#]/, 1)[0] ?? ''
  return !SPACE.test(path) && (DOTTED.test(value) || NAMED.test(value))
}

function resolved (value: string, at: URL): URL | undefined {
  try {
    const url = new URL(value, at)
    url.hash = ''
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

/**
 * Where a value leads when it is a URL of this service: relative (Twilio takes it against the
 * document that names it), absolute on the checked URL's own host, or on twimlets.com. A URL
 * of this service's folder that names no twimlet is a mistake: Twilio would get a 404.
 */
function refOf (param: string, value: string, at: URL, twimlets: readonly Twimlet[]): NestedRef | undefined {
  const absolute = SCHEME.test(value)
  if (!absolute && !relativeLooking(value)) return undefined
  const url = resolved(value, at)
  if (url === undefined || (absolute && url.host !== at.host && !isTwimletsCom(url))) return undefined
  const name = twimletOf(url)
  const twimlet = twimlets.find((t) => t.name === name)
  if (twimlet !== undefined) return { param, url, twimlet }
  if (serviceBase(url.href) !== serviceBase(at.href) && !isTwimletsCom(url)) return undefined
  const near = nearestName(name, twimlets.map((t) => t.name))
  const message = `names no twimlet of this service${near === undefined ? '' : `; did you mean ${near}?`}`
  return { param, url, twimlet: undefined, message }
}

/** Every value of the query that leads to this service, in the order typed. */
export function nestedRefs (query: string, at: URL, twimlets: readonly Twimlet[]): NestedRef[] {
  const refs: NestedRef[] = []
  for (const [param, typed] of new URLSearchParams(query)) {
    const value = typed.trim()
    if (value === '' || isCallParam(param)) continue
    const ref = refOf(param.slice(0, 80), value, at, twimlets)
    if (ref !== undefined) refs.push(ref)
  }
  return refs
}
