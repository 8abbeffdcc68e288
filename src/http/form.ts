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
    const ascii = decodeAscii(spaced)
    if (ascii !== undefined) return ascii
    try {
      return decodeURIComponent(spaced)
    } catch {
      // A stray "%" or bytes that are not UTF-8: URLSearchParams keeps the one and
      // replaces the others, which decodeURIComponent refuses to do.
    }
  }
  return new URLSearchParams(`a=${text}`).get('a') ?? ''
}

function hexDigit (code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  const lower = code | 0x20
  return lower >= 97 && lower <= 102 ? lower - 87 : -1
}

/**
 * Text whose escapes are all of ASCII characters (`%2B`, `%20`), the common case, decoded
 * without decodeURIComponent, which costs more to call than such text takes to decode.
 * Undefined for anything else: a stray "%", or an escape of a UTF-8 byte.
 */
function decodeAscii (text: string): string | undefined {
  let decoded = ''
  let from = 0
  for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', from)) {
    const high = hexDigit(text.charCodeAt(at + 1))
    const low = hexDigit(text.charCodeAt(at + 2))
    if (high < 0 || high > 7 || low < 0) return undefined
    decoded += text.slice(from, at) + String.fromCharCode(high * 16 + low)
    from = at + 3
  }
  return decoded + text.slice(from)
}

/**
 * Calls `visit` with each pair's decoded name and where its value (as sent) is in `search`, in
 * order; most values of a request are never read, and need never be cut out. Like
 * URLSearchParams: one leading "?" is ignored, empty pairs are skipped, a pair without "="
 * has an empty value.
 */
export function splitFormAt (search: string, visit: (name: string, from: number, to: number) => void): void {
  const length = search.length
  let start = search.startsWith('?') ? 1 : 0
  // Where the next "%" and "+" are: a name before both needs no decoding, and most names are.
  const anySurrogate = SURROGATE.test(search)
  let percent = -1
  let plus = -1
  while (start < length) {
    let end = search.indexOf('&', start)
    if (end === -1) end = length
    if (end > start) {
      let eq = search.indexOf('=', start)
      if (eq === -1 || eq > end) eq = end
      if (percent !== length && percent < start) percent = nextOf(search, '%', start)
      if (plus !== length && plus < start) plus = nextOf(search, '+', start)
      const name = search.slice(start, eq)
      visit(anySurrogate || percent < eq || plus < eq ? decodeComponent(name) : name, Math.min(eq + 1, end), end)
    }
    start = end + 1
  }
}

function nextOf (search: string, char: string, from: number): number {
  const at = search.indexOf(char, from)
  return at === -1 ? search.length : at
}
