import { parsePhoneNumberFromString } from 'libphonenumber-js'

/** How a caller is named in a notification. */
export interface CallerName {
  /** As a person writes the number: national format at home, international from abroad. */
  display: string
  /** E.164, when the number is a valid phone number. */
  e164: string | undefined
  /** The number's country, in English, when known. */
  country: string | undefined
}

const UNKNOWN = 'an unknown caller'
// Twilio sends client:, sip: and words such as "anonymous" too; they are shown as sent, tidied.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const MAX_SHOWN = 64
const regions = new Intl.DisplayNames(['en'], { type: 'region' })

function countryName (code: string | undefined): string | undefined {
  if (code === undefined) return undefined
  try {
    return regions.of(code)
  } catch {
    return undefined
  }
}

/**
 * Names the caller `from`, formatted by the rules of the number's country: in national form
 * when it is in the same country as the called number `to`, else in international form.
 */
export function nameCaller (from: string | undefined, to: string | undefined): CallerName {
  const text = (from ?? '').replace(CONTROL, '').trim().slice(0, MAX_SHOWN)
  if (text === '') return { display: UNKNOWN, e164: undefined, country: undefined }
  const number = parsePhoneNumberFromString(text)
  if (number === undefined || !number.isValid()) return { display: text, e164: undefined, country: undefined }
  const home = to === undefined ? undefined : parsePhoneNumberFromString(to)?.country
  const display = home !== undefined && home === number.country ? number.formatNational() : number.formatInternational()
  return { display, e164: number.number, country: countryName(number.country) }
}
