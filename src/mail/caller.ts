import { parsePhone } from '../dialing/phone.js'

/** How a caller is named in a notification. */
export interface CallerName {
  /** As a person writes the number: national format at home, international from abroad. */
  display: string
  /** E.164, when the number is a valid phone number. */
  e164: string | undefined
  /** The number's country, in the notification's language, when known. */
  country: string | undefined
}

/** The language of the notification. */
export interface Naming {
  /** BCP 47, for country names. */
  locale?: string | undefined
  /** What stands for a caller without a number. */
  unknownCaller?: string | undefined
}

const UNKNOWN = 'an unknown caller'
// Twilio sends client:, sip: and words such as "anonymous" too; they are shown as sent, tidied.
const CONTROL = /[\p{Cc}\u2028\u2029]/gu
const MAX_SHOWN = 64
const regionNames = new Map<string, Intl.DisplayNames>()

function countryName (code: string | undefined, locale: string): string | undefined {
  if (code === undefined) return undefined
  let names = regionNames.get(locale)
  if (names === undefined) {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region' })
    regionNames.set(locale, names)
  }
  try {
    return names.of(code)
  } catch {
    return undefined
  }
}

/**
 * Names the caller `from`, formatted by the rules of the number's country: in national form
 * when it is in the same country as the called number `to`, else in international form.
 */
export function nameCaller (from: string | undefined, to: string | undefined, naming: Naming = {}): CallerName {
  const text = (from ?? '').replace(CONTROL, '').trim().slice(0, MAX_SHOWN)
  if (text === '') return { display: naming.unknownCaller ?? UNKNOWN, e164: undefined, country: undefined }
  const number = parsePhone(text)
  if (number === undefined || !number.valid) return { display: text, e164: undefined, country: undefined }
  const home = to === undefined ? undefined : parsePhone(to)?.country
  const display = home !== undefined && home === number.country ? number.national : number.international
  return { display, e164: number.e164, country: countryName(number.country, naming.locale ?? 'en') }
}
