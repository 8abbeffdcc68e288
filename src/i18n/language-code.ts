import { LRUCache } from 'lru-cache'
import { SAY_LANGUAGES } from './voices.js'

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$/i
const REGION = /^(?:[a-z]{2}|\d{3})$/i
const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })
const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
/** What people type for a region whose code is another. */
const REGION_ALIASES: ReadonlyMap<string, string> = new Map([['UK', 'GB']])
/** Languages Twilio's voices speak under another code. */
const LANGUAGE_ALIASES: ReadonlyMap<string, string> = new Map([['no', 'nb']])

/**
 * A language as typed: a code (`ja`), a country's code in its place (`jp`), underscores
 * (`en_GB`). Undefined when it is not a language.
 */
function primaryLanguage (typed: string): string | undefined {
  const code = LANGUAGE_ALIASES.get(typed) ?? typed
  if (code !== 'und' && LANGUAGES.of(code) !== undefined) return code
  if (code.length !== 2 || REGIONS.of(code.toUpperCase()) === undefined) return undefined
  return new Intl.Locale(`und-${code.toUpperCase()}`).maximize().language
}

/** A subtag after the language, spelled the usual way; undefined for a region that is none. */
function subtag (typed: string): string | undefined {
  if (!REGION.test(typed)) return typed.length === 4 ? `${typed.charAt(0).toUpperCase()}${typed.slice(1).toLowerCase()}` : typed.toLowerCase()
  const region = typed.toUpperCase()
  const code = REGION_ALIASES.get(region) ?? region
  return REGIONS.of(code) === undefined ? undefined : code
}

/**
 * With a region: Twilio's voices take `ja-JP`, not `ja`. A bare two-letter language gets the one
 * it is most spoken in (ja-JP, en-US, pt-BR); three-letter codes (`arb`) are Twilio's own as they are.
 */
function withRegion (language: string, rest: readonly string[]): string {
  const code = [language, ...rest].join('-')
  if (language.length !== 2 || rest.some((part) => REGION.test(part))) return code
  const region = new Intl.Locale(code).maximize().region
  return region === undefined ? code : `${code}-${region}`
}

function fromCode (text: string): string | undefined {
  const [first = '', ...rest] = text.split('-')
  const language = primaryLanguage(first.toLowerCase())
  if (language === undefined) return undefined
  const parts: string[] = []
  for (const typed of rest) {
    const part = subtag(typed)
    if (part !== undefined) parts.push(part)
  }
  return withRegion(language, parts)
}

/** Accents and case left out, as names are compared. */
function nameKey (text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim()
}

let names: Map<string, string> | undefined

/**
 * Names of the languages Twilio speaks, in English and in the language itself ("Japanese",
 * "日本語", "British English", "español"), to their codes. Built when first needed: a code is
 * what most URLs give.
 */
function languageNames (): Map<string, string> {
  const found = new Map<string, string>()
  const add = (name: string | undefined, code: string): void => {
    if (name !== undefined && !found.has(nameKey(name))) found.set(nameKey(name), code)
  }
  for (const code of SAY_LANGUAGES) {
    const [language = ''] = code.split('-')
    const own = new Intl.DisplayNames([language], { type: 'language', fallback: 'none' })
    add(LANGUAGES.of(language), withRegion(language, []))
    add(own.of(language), withRegion(language, []))
    add(LANGUAGES.of(code), code)
    add(own.of(code), code)
  }
  return found
}

function parseLanguage (typed: string): string | undefined {
  const text = typed.trim().replaceAll('_', '-')
  if (LANGUAGE.test(text)) return fromCode(text)
  names ??= languageNames()
  return names.get(nameKey(text))
}

// Reading a code asks ICU a few questions; a line's Language is one of a few, read on every call.
const read = new LRUCache<string, string | false>({ max: 256 })

/**
 * A language code as Twilio takes it (`ja-JP`, `en-GB`, `es-419`, `cmn-CN`), from what people
 * type: any case, `_` for `-`, a bare language (`ja` is ja-JP), a country's code for its
 * language (`jp`), a language's name (`Japanese`, `日本語`). Undefined when it is no language.
 */
export function languageCode (text: string): string | undefined {
  let code = read.get(text)
  if (code === undefined) {
    code = parseLanguage(text) ?? false
    read.set(text, code)
  }
  return code === false ? undefined : code
}

/** A code's name in English, to say what a Language was read as. */
export function languageName (code: string): string {
  return LANGUAGES.of(code) ?? code
}
