import type { Params } from '../params/params.js'
import { asciiForm, localize, type CountryCode } from './phone.js'

/**
 * What `CallerId` (or the operator's DEFAULT_CALLER_ID) asks for: `called`, the Twilio number
 * the caller dialed (the request's `To`); `caller`, the caller's own number (Twilio's default);
 * or a fixed number or client name.
 */
export type CallerIdSetting =
  | { kind: 'called' }
  | { kind: 'caller' }
  | { kind: 'fixed', value: string }
  | { kind: 'invalid', reason: string }

const PHONE = /^\+?[\d\s().-]{2,30}$/
const CLIENT = /^client:[\w.@-]{1,121}$/

/** Reads a caller ID setting; a number in national form becomes E.164 with a region. */
export function parseCallerId (typed: string, region: CountryCode | undefined): CallerIdSetting {
  const word = typed.toLowerCase()
  if (word === 'called' || word === 'caller') return { kind: word }
  if (CLIENT.test(typed)) return { kind: 'fixed', value: typed }
  const text = asciiForm(typed)
  if (!PHONE.test(text)) return { kind: 'invalid', reason: 'is not called, caller, a phone number or client:name' }
  const local = localize(text, region)
  if (local.kind === 'e164') return { kind: 'fixed', value: local.e164 }
  if (local.kind === 'invalid') return { kind: 'invalid', reason: `is not a valid phone number in ${local.region}` }
  return { kind: 'fixed', value: text }
}

export interface CallerIdDefaults {
  region: CountryCode | undefined
  /** DEFAULT_CALLER_ID, as config.ts read it. */
  defaultCallerId?: string | undefined
}

export interface CallerId {
  /** The <Dial callerId>; undefined for Twilio's default, the caller's own number. */
  attribute: string | undefined
  /** What the URLs of the call's next steps carry: the setting as given, never the operator's default. */
  carried: string | undefined
}

/**
 * The caller ID of a dial. `CallerId=called` is what Twilio for KDDI Web Communications
 * customers need: their callerId must be one of their own Twilio numbers, and on an inbound
 * call that is the number the caller dialed.
 */
export function readCallerId (params: Params, defaults: CallerIdDefaults): CallerId {
  const typed = params.string('CallerId')
  const text = typed ?? defaults.defaultCallerId
  if (text === undefined) return { attribute: undefined, carried: undefined }
  const setting = parseCallerId(text, defaults.region)
  const carried = typed === undefined ? undefined : setting.kind === 'fixed' ? setting.value : setting.kind === 'invalid' ? undefined : setting.kind
  switch (setting.kind) {
    case 'caller': return { attribute: undefined, carried }
    case 'fixed': return { attribute: setting.value, carried }
    case 'invalid':
      params.warn('CallerId', `"${text.slice(0, 80)}" ${setting.reason}; ignored`)
      return { attribute: undefined, carried }
    case 'called': {
      const to = params.string('To') ?? params.string('Called')
      // Twilio sends To in E.164: it is the attribute as it is.
      if (to !== undefined && PHONE.test(to)) return { attribute: to, carried }
      params.warn('CallerId', `is "called", but this call's To (${JSON.stringify(to?.slice(0, 80) ?? '')}) is not a phone number; the caller's own number is shown`)
      return { attribute: undefined, carried }
    }
  }
}
