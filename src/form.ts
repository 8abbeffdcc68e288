/**
 * application/x-www-form-urlencoded, read exactly as URLSearchParams reads it but lazily: a
 * request's names are decoded when it is split, its values only when a twimlet reads them.
 * Twilio posts some 25 fields on every request, and a twimlet reads a handful.
 */

// Text without these decodes to itself. Lone surrogates go the slow way: URLSearchParams
// turns them into U+FFFD.
const ENCODED = /[%+\uD800-\uDFFF]/
const SURROGATE = /[\uD800-\uDFFF]/

/** One component (a name, or a value), decoded as URLSearchParams decodes it. */
export function decodeComponent (text: string): string {
  if (!ENCODED.test(text)) return text
  if (!SURROGATE.test(text)) {
    const spaced = text.replaceAll('+', ' ')
    if (!spaced.includes('%')) return spaced
    try {
      return decodeURIComponent(spaced)
    } catch {
      // A stray "%" or bytes that are not UTF-8: URLSearchParams keeps the one and
      // replaces the others, which decodeURIComponent refuses to do.
    }
  }
  return new URLSearchParams(`a=${text}`).get('a') ?? ''
}

/**
 * Calls `visit` with each pair's decoded name and its value as sent, in order. Like
 * URLSearchParams: one leading "?" is ignored, empty pairs are skipped, a pair without "="
 * has an empty value.
 */
export function splitForm (search: string, visit: (name: string, value: string) => void): void {
  const length = search.length
  let start = search.startsWith('?') ? 1 : 0
  while (start < length) {
    let end = search.indexOf('&', start)
    if (end === -1) end = length
    if (end > start) {
      const eq = search.indexOf('=', start)
      if (eq === -1 || eq > end) visit(decodeComponent(search.slice(start, end)), '')
      else visit(decodeComponent(search.slice(start, eq)), search.slice(eq + 1, end))
    }
    start = end + 1
  }
}
