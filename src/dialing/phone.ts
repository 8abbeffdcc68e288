import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max'
import { LRUCache } from 'lru-cache'
import type { Params } from '../params/params.js'

export type { CountryCode }

/** A number as libphonenumber-js reads it; the written forms are worked out once, when first asked. */
export class Phone {
  #national: string | undefined
  #international: string | undefined

  constructor (readonly number: PhoneNumber, readonly valid: boolean) {}

  get e164 (): string {
    return this.number.number
  }

  get country (): CountryCode | undefined {
    return this.number.country
  }

  /** As written at home: `090-1234-5678`, `(510) 555-1212`. */
  get national (): string {
    this.#national ??= this.number.formatNational()
    return this.#national
  }

  /** As written from abroad: `+81 90 1234 5678`. */
  get international (): string {
    this.#international ??= this.number.formatInternational()
    return this.#international
  }
}

const DIGITS_ONLY = /^\+?[\d\s().-]+$/
const NON_ASCII = /[^\p{ASCII}]/u
// Dashes typed between digits once NFKC has run: hyphens, dashes, minus signs, and the long vowel
// mark (ー) a Japanese keyboard gives for "-" in kana mode.
const DASHES = /[\u2010-\u2015\u2043\u2212\u30fc]/g

/**
 * Text as typed on a full-width (Japanese, Chinese, Korean) keyboard, in the ASCII forms numbers,
 * codes and keys are written with: full-width digits, ＋, （）, ＊ and the ideographic space by
 * Unicode NFKC, the dash look-alikes as "-". ASCII text, the usual case, is returned as it is.
 */
export function asciiForm (text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFKC').replace(DASHES, '-') : text
}

/** Digits and the usual separators, as phone numbers are written: not client:, sip: or "anonymous". */
export function isWrittenNumber (text: string): boolean {
  return DIGITS_ONLY.test(text)
}
// Parsing and validating costs ~10 µs; the numbers of a line are few and asked for on every call.
const parsed = new LRUCache<string, Phone | false>({ max: 1000 })

/**
 * Reads a number written with digits and the usual separators: with `region`, a number in
 * national form is taken as one of that country. Undefined for anything else. Memoized.
 */
export function parsePhone (text: string, region?: CountryCode): Phone | undefined {
  const key = `${region ?? ''}\n${text}`
  let phone = parsed.get(key)
  if (phone === undefined) {
    const number = isWrittenNumber(text) ? parsePhoneNumberFromString(text, region) : undefined
    phone = number === undefined ? false : new Phone(number, number.isValid())
    parsed.set(key, phone)
  }
  return phone === false ? undefined : phone
}

/** Written without a country code: `090-1234-5678` rather than `+81 90 1234 5678`. */
export function isNationalForm (text: string): boolean {
  return !text.trimStart().startsWith('+')
}

/** What people type for a country whose ISO code is another. */
const ALIASES: ReadonlyMap<string, CountryCode> = new Map([['UK', 'GB']])

/** A two-letter country code (ISO 3166-1) libphonenumber-js knows, upper-cased; undefined otherwise. */
export function countryCode (text: string): CountryCode | undefined {
  const code = asciiForm(text).trim().toUpperCase()
  const alias = ALIASES.get(code)
  if (alias !== undefined) return alias
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? code : undefined
}

export interface RegionDefaults {
  /** The operator's DEFAULT_REGION. */
  defaultRegion?: CountryCode | undefined
}

/**
 * The country numbers in national form belong to: the URL's `Region`, else the operator's
 * default. Undefined when neither is set: numbers are then dialed as typed.
 */
export function readRegion (params: Params, defaults: RegionDefaults): CountryCode | undefined {
  const typed = params.string('Region', 16)
  if (typed === undefined) return defaults.defaultRegion
  const code = countryCode(typed)
  if (code !== undefined) return code
  const instead = defaults.defaultRegion === undefined ? 'numbers are dialed as typed' : `using ${defaults.defaultRegion}`
  params.warn('Region', `"${typed.slice(0, 16)}" is not a two-letter country code such as JP, US or GB; ${instead}`)
  return defaults.defaultRegion
}

/** What a number typed in national form becomes: E.164 when it is valid in the region. */
export type Localized =
  | { kind: 'as-typed' }
  | { kind: 'e164', e164: string }
  | { kind: 'invalid', region: CountryCode }

/**
 * Where a typed number goes. Only a number in national form with a region is parsed: the hot
 * path pays nothing for numbers already written with their country code, nor without a region.
 */
export function localize (text: string, region: CountryCode | undefined): Localized {
  if (region === undefined || !isNationalForm(text)) return { kind: 'as-typed' }
  const phone = parsePhone(text, region)
  return phone?.valid === true ? { kind: 'e164', e164: phone.e164 } : { kind: 'invalid', region }
}

/**
 * Whether a typed number can be a real one, as libphonenumber-js knows the numbering plans:
 * with its country code, or in national form of the region (the US when none is given, as
 * Twilio reads such numbers for most accounts).
 */
export function isValidNumber (text: string, region: CountryCode | undefined): boolean {
  return parsePhone(text, region ?? 'US')?.valid === true
}
