/**
 * A small streaming XML writer: the one place TwiML text is escaped. Measured here,
 * xmlbuilder2 took ~190 µs to build a ten-number <Dial> (its callback writer ~580 µs), more than
 * the rest of a request; this writes the same bytes (test/src/twiml/xml-writer.test.ts compares the
 * two on random input) in a few µs.
 */

// Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF): dropped.
const INVALID = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const TEXT_SPECIAL = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const ATTR_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/
const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/

// Any of these may be a character to drop; surrogates are looked at again as code points.
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const MAYBE_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/
const TEXT_OTHER = /[<>]/g
const ATTR_OTHER = /[<>"\t\n\r]/g
const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' }
const escapeOne = (c: string): string => ESCAPES[c] as string

/** Drops what XML cannot carry; "&" first, as every reference written later starts with one. */
function cleaned (text: string): string {
  const valid = MAYBE_INVALID.test(text) ? text.replace(INVALID, '') : text
  return valid.includes('&') ? valid.replaceAll('&', '&amp;') : valid
}

export function escapeText (text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text
  return cleaned(text).replace(TEXT_OTHER, escapeOne)
}

// Tabs and line breaks are written as references: raw, a parser would read them as spaces.
export function escapeAttribute (value: string): string {
  if (!ATTR_SPECIAL.test(value)) return value
  return cleaned(value).replace(ATTR_OTHER, escapeOne)
}

// Names checked once: the service writes a handful; echo's copied ones are bounded by this.
const CHECKED_NAMES = new Set<string>()
const CHECKED_NAMES_MAX = 256

function checkName (name: string): void {
  if (CHECKED_NAMES.has(name)) return
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`)
  if (CHECKED_NAMES.size < CHECKED_NAMES_MAX) CHECKED_NAMES.add(name)
}

export class XmlWriter {
  #out = '<?xml version="1.0" encoding="UTF-8"?>'
  // The last attribute value escaped: every leg of a <Dial> carries the same whisper URL.
  #lastValue = ''
  #lastEscaped = ''
  readonly #open: string[] = []
  // The last start tag still lacks its ">": it becomes "/>" if nothing goes inside.
  #pending = false

  start (name: string, attributes: Iterable<readonly [string, string]> = []): this {
    checkName(name)
    this.#flush()
    let tag = `<${name}`
    for (const [attr, value] of attributes) {
      checkName(attr)
      if (value !== this.#lastValue) {
        this.#lastValue = value
        this.#lastEscaped = escapeAttribute(value)
      }
      tag += ` ${attr}="${this.#lastEscaped}"`
    }
    this.#out += tag
    this.#open.push(name)
    this.#pending = true
    return this
  }

  text (text: string): this {
    const escaped = escapeText(text)
    if (escaped === '') return this
    this.#flush()
    this.#out += escaped
    return this
  }

  end (): this {
    const name = this.#open.pop()
    if (name === undefined) throw new Error('no element to end')
    this.#out += this.#pending ? '/>' : `</${name}>`
    this.#pending = false
    return this
  }

  /** The document, every open element ended. */
  finish (): string {
    while (this.#open.length > 0) this.end()
    return this.#out
  }

  #flush (): void {
    if (this.#pending) this.#out += '>'
    this.#pending = false
  }
}
