import type { Catalog } from './catalog.js'
import { de } from './de.js'
import { en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { ja } from './ja.js'
import { pt, ptPT } from './pt.js'

/** Every catalog, by the (lower-case) language code that chooses it. */
export const CATALOGS: ReadonlyMap<string, Catalog> = new Map([
  ['en', en],
  ['ja', ja],
  ['es', es],
  ['fr', fr],
  ['de', de],
  ['pt', pt],
  ['pt-pt', ptPT]
])

/** The sentences for a language: its own region's, else its language's, else English. */
export function messages (language: string | undefined): Catalog {
  if (language === undefined) return en
  const code = language.toLowerCase()
  const exact = CATALOGS.get(code)
  if (exact !== undefined) return exact
  const dash = code.indexOf('-')
  return (dash === -1 ? undefined : CATALOGS.get(code.slice(0, dash))) ?? en
}
