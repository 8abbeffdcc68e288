import { en, type PageText } from './en.js'
import { ja } from './ja.js'

export type { PageText }

/** The languages the builder page is written in, English first (the default). */
export const PAGE_TEXTS = { en, ja } as const satisfies Record<string, PageText>

export type PageLanguage = keyof typeof PAGE_TEXTS

export const PAGE_LANGUAGES = Object.keys(PAGE_TEXTS) as PageLanguage[]

/** The page language asked for (`ja`, `ja-JP`, ...), English for anything else. */
export function pageLanguage (value: unknown): PageLanguage {
  const primary = typeof value === 'string' ? value.trim().toLowerCase().split(/[-_]/)[0] : undefined
  return PAGE_LANGUAGES.find((lang) => lang === primary) ?? 'en'
}

/** `{name}` in a catalog string replaced by its value. */
export function fill (text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => Object.hasOwn(values, name) ? String(values[name]) : whole)
}
