import type { Params } from '../params/params.js'
import { asciiForm, isNationalForm, isValidNumber, localize, parsePhone, type CountryCode } from './phone.js'

/**
 * Where a <Dial> can go. Users write targets where a phone number goes; `text` is the form
 * written back into action URLs, so the rest of a call reads the same target again.
 */
export type Target =
  | { kind: 'number', value: string, text: string }
  | { kind: 'client', value: string, text: string }
  | { kind: 'sip', value: string, text: string }
  | { kind: 'sim', value: string, text: string }
  | { kind: 'queue', value: string, text: string }
  | { kind: 'conference', value: string, text: string }

export type TargetKind = Target['kind']

/** The noun each kind becomes inside <Dial>. */
export const NOUN = {
  number: 'Number',
  client: 'Client',
  sip: 'Sip',
  sim: 'Sim',
  queue: 'Queue',
  conference: 'Conference'
} as const

/** Kinds that can run a screening document (`url`) on the answered leg. */
export const SCREENABLE: ReadonlySet<TargetKind> = new Set(['number', 'client', 'sip'])
/** Kinds Twilio only accepts alone in a <Dial>. */
export const EXCLUSIVE: ReadonlySet<TargetKind> = new Set(['queue', 'conference'])

const PHONE = /^\+?[\d\s().-]+$/
const DIGITS_IN_PHONE = { min: 2, max: 20 }
const CLIENT = /^[\w.@-]{1,121}$/
const SIP = /^sips?:[^\s<>"@]+@[^\s<>"]+$/i
const SIM = /^DE[0-9a-f]{32}$/i
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const NAME = /^[^\u0000-\u001f\u007f]{1,128}$/

function phone (text: string): Target | undefined {
  if (!PHONE.test(text)) {
    // Typed on a Japanese keyboard (`０９０ー１２３４ー５６７８`): read in its ASCII form. Only
    // here, off the path of numbers typed in ASCII.
    const ascii = asciiForm(text)
    return ascii === text ? undefined : phone(ascii)
  }
  let digits = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 48 && code <= 57) digits++
  }
  if (digits < DIGITS_IN_PHONE.min || digits > DIGITS_IN_PHONE.max) return undefined
  return { kind: 'number', value: text, text }
}

// What a phone number may start with, and none of the other forms can.
const PHONE_START = /^[+\d(]/

function prefixed (text: string, prefix: string): string | undefined {
  return text.slice(0, prefix.length).toLowerCase() === prefix ? text.slice(prefix.length).trim() : undefined
}

/**
 * Reads one target as typed; undefined when it is none of the forms Twilio can dial. A number
 * typed full-width is read in its ASCII form; names (queue:, conference:) are kept as typed.
 */
export function parseTarget (typed: string): Target | undefined {
  const text = typed.trim()
  if (PHONE_START.test(text)) return phone(text)
  if (SIP.test(text) && text.length <= 255) return { kind: 'sip', value: text, text }
  if (SIM.test(text)) return { kind: 'sim', value: text, text }
  const client = prefixed(text, 'client:')
  if (client !== undefined) return CLIENT.test(client) ? { kind: 'client', value: client, text } : undefined
  const queue = prefixed(text, 'queue:')
  if (queue !== undefined) return NAME.test(queue) && queue.length <= 64 ? { kind: 'queue', value: queue, text } : undefined
  const conference = prefixed(text, 'conference:')
  if (conference !== undefined) return NAME.test(conference) ? { kind: 'conference', value: conference, text } : undefined
  return phone(text)
}

/**
 * A number as dialed: in E.164 when typed in national form with a region (so the rest of the
 * call reads it again without one), as typed otherwise; undefined when it cannot be valid there.
 */
function dialedNumber (params: Params, name: string, target: Target, region: CountryCode | undefined): Target | undefined {
  const local = localize(target.value, region)
  if (local.kind === 'e164') return { kind: 'number', value: local.e164, text: local.e164 }
  if (local.kind === 'invalid') {
    params.warn(name, `"${target.text.slice(0, 80)}" is not a valid phone number in ${local.region}; not dialed`)
    return undefined
  }
  // Twilio reads a number without its country code as one of the account's country, most often the US.
  if (isNationalForm(target.value) && !isValidNumber(target.value, undefined)) {
    params.warn(name, `"${target.text.slice(0, 80)}" is not a valid phone number as written; dialed anyway, but give it with its country code, such as +14155551212, or set Region`)
  }
  return target
}

/**
 * Reads the targets of a parameter, dropping (and reporting) those that cannot be dialed. With
 * a region, numbers in national form are dialed in E.164.
 */
export function readTargets (params: Params, name: string, typed: readonly string[], region?: CountryCode): Target[] {
  const targets: Target[] = []
  for (const text of typed) {
    const target = parseTarget(text)
    if (target === undefined) {
      params.warn(name, `"${text.slice(0, 80)}" is not a phone number, client:, sip:, queue:, conference: or SIM SID; skipped`)
      continue
    }
    const dialed = target.kind === 'number' ? dialedNumber(params, name, target, region) : target
    if (dialed !== undefined) targets.push(dialed)
  }
  return targets
}

/** True when `typed` is a number in national form that cannot be valid in `region`. */
export function isInvalidNumber (typed: string, region: CountryCode | undefined): boolean {
  const target = parseTarget(typed)
  return target?.kind === 'number' && localize(target.value, region).kind === 'invalid'
}

/**
 * The caller's phone number in a comparable form: digits only, without a US/Canada leading 1.
 * With a region, a number in national form is first written with its country code, so
 * `090-1234-5678` in JP and `+819012345678` are one number.
 */
export function phoneKey (typed: string, region?: CountryCode): string {
  const text = asciiForm(typed)
  const written = region !== undefined && isNationalForm(text) ? parsePhone(text, region)?.e164 ?? text : text
  const digits = written.replace(/\D/g, '')
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits
}
