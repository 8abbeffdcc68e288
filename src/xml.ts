/** An element as written: qualified name, attributes in order, and text and elements in order. */
export interface XmlElement {
  name: string
  attributes: Array<[name: string, value: string]>
  children: XmlNode[]
}

export type XmlNode = XmlElement | string

export class XmlError extends Error {
  constructor (message: string, readonly at: number) {
    super(`${message} at offset ${at}`)
    this.name = 'XmlError'
  }
}

export interface XmlReadOptions {
  /** Deepest nesting accepted; the root is depth 0. */
  maxDepth: number
  /** Processing instructions other than the XML declaration: refused, or skipped. */
  instructions: 'refuse' | 'skip'
}

const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD'
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'y')
const SPACE = /[ \t\n]*/y
const DECLARATION = /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.\d+\1([ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][\w.-]*\3)?([ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\5)?[ \t\n]*\?>/y
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#(\d+)|([A-Za-z_:][\w.:-]*));/y
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
// Characters XML 1.0 does not allow anywhere in a document (lone surrogates included).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

function isXmlChar (code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
}

/**
 * A strict reader of well-formed XML 1.0 without a document type. xmlbuilder2's reader is
 * lenient (mismatched and unclosed tags pass, unknown entities stay as text), so it cannot tell
 * whether a document is well-formed. A DOCTYPE is refused, and with it any entity but the five
 * predefined ones: nothing can expand or be fetched.
 */
class Reader {
  readonly #xml: string
  #at = 0

  constructor (xml: string, private readonly options: XmlReadOptions) {
    // Line ends are normalized before anything else is read, as XML processors do.
    this.#xml = xml.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  }

  document (): XmlElement {
    const bad = NOT_XML_CHAR.exec(this.#xml)
    if (bad !== null) this.#fail('character not allowed in XML', bad.index)
    DECLARATION.lastIndex = 0
    if (DECLARATION.test(this.#xml)) this.#at = DECLARATION.lastIndex
    else if (/^<\?xml[ \t\n?]/.test(this.#xml)) this.#fail('malformed XML declaration')
    this.#misc()
    if (!this.#xml.startsWith('<', this.#at)) this.#fail(this.#at === this.#xml.length ? 'no root element' : 'text before the root element')
    const root = this.#element(0)
    this.#misc()
    if (this.#at !== this.#xml.length) this.#fail('content after the root element')
    return root
  }

  #fail (message: string, at = this.#at): never {
    throw new XmlError(message, at)
  }

  #starts (text: string): boolean {
    return this.#xml.startsWith(text, this.#at)
  }

  #space (): boolean {
    SPACE.lastIndex = this.#at
    SPACE.exec(this.#xml)
    const moved = SPACE.lastIndex !== this.#at
    this.#at = SPACE.lastIndex
    return moved
  }

  #name (): string {
    NAME.lastIndex = this.#at
    const m = NAME.exec(this.#xml)
    if (m === null) this.#fail('expected a name')
    this.#at = NAME.lastIndex
    return m[0]
  }

  #expect (text: string): void {
    if (!this.#starts(text)) this.#fail(`expected "${text}"`)
    this.#at += text.length
  }

  #until (end: string, what: string): string {
    const stop = this.#xml.indexOf(end, this.#at)
    if (stop === -1) this.#fail(`unterminated ${what}`)
    const body = this.#xml.slice(this.#at, stop)
    this.#at = stop + end.length
    return body
  }

  /** Comments, processing instructions and the markup that has no place here. */
  #markup (): boolean {
    if (this.#starts('<!--')) {
      const at = this.#at
      this.#at += 4
      const body = this.#until('-->', 'comment')
      if (body.includes('--') || body.endsWith('-')) this.#fail('"--" inside a comment', at)
      return true
    }
    if (this.#starts('<?')) {
      if (this.options.instructions === 'refuse') this.#fail('processing instructions are not accepted')
      this.#at += 2
      if (this.#name().toLowerCase() === 'xml') this.#fail('XML declaration not at the start of the document')
      this.#until('?>', 'processing instruction')
      return true
    }
    if (this.#starts('<!DOCTYPE')) this.#fail('document type declarations are not accepted')
    return false
  }

  #misc (): void {
    while (this.#space() || this.#markup()) { /* keep skipping */ }
  }

  #decode (raw: string, start: number): string {
    let out = ''
    let from = 0
    for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', from)) {
      out += raw.slice(from, amp)
      REFERENCE.lastIndex = amp
      const m = REFERENCE.exec(raw)
      if (m === null) this.#fail('"&" that does not start a reference', start + amp)
      if (m[3] !== undefined) {
        if (!Object.hasOwn(PREDEFINED, m[3])) this.#fail(`undefined entity "&${m[3].slice(0, 20)};"`, start + amp)
        out += PREDEFINED[m[3]] as string
      } else {
        const code = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2])
        if (!isXmlChar(code)) this.#fail('character reference to a character not allowed in XML', start + amp)
        out += String.fromCodePoint(code)
      }
      from = REFERENCE.lastIndex
    }
    return out + raw.slice(from)
  }

  /** Reads the attributes; true when the tag closes itself. */
  #attributes (element: XmlElement): boolean {
    const seen = new Set<string>()
    for (;;) {
      const spaced = this.#space()
      if (this.#starts('/>')) {
        this.#at += 2
        return true
      }
      if (this.#starts('>')) {
        this.#at += 1
        return false
      }
      if (!spaced) this.#fail('expected whitespace before an attribute')
      const nameAt = this.#at
      const name = this.#name()
      if (seen.has(name)) this.#fail(`attribute "${name}" given twice`, nameAt)
      seen.add(name)
      this.#space()
      this.#expect('=')
      this.#space()
      const quote = this.#xml[this.#at]
      if (quote !== '"' && quote !== "'") this.#fail('expected a quoted attribute value')
      this.#at += 1
      const start = this.#at
      const raw = this.#until(quote, 'attribute value')
      if (raw.includes('<')) this.#fail('"<" in an attribute value', start)
      // Attribute-value normalization: a literal tab or line end reads as a space.
      element.attributes.push([name, this.#decode(raw.replace(/[\t\n]/g, ' '), start)])
    }
  }

  #text (element: XmlElement, text: string): void {
    if (text === '') return
    const last = element.children.at(-1)
    if (typeof last === 'string') element.children[element.children.length - 1] = last + text
    else element.children.push(text)
  }

  #element (depth: number): XmlElement {
    if (depth > this.options.maxDepth) this.#fail('elements nested too deeply')
    this.#expect('<')
    const element: XmlElement = { name: this.#name(), attributes: [], children: [] }
    if (this.#attributes(element)) return element
    for (;;) {
      const lt = this.#xml.indexOf('<', this.#at)
      if (lt === -1) this.#fail(`<${element.name}> is not closed`, this.#xml.length)
      const raw = this.#xml.slice(this.#at, lt)
      const cdataEnd = raw.indexOf(']]>')
      if (cdataEnd !== -1) this.#fail('"]]>" in text', this.#at + cdataEnd)
      this.#text(element, this.#decode(raw, this.#at))
      this.#at = lt
      if (this.#starts('</')) {
        this.#at += 2
        if (this.#name() !== element.name) this.#fail(`closing tag does not match <${element.name}>`, lt)
        this.#space()
        this.#expect('>')
        return element
      }
      if (this.#starts('<![CDATA[')) {
        this.#at += 9
        this.#text(element, this.#until(']]>', 'CDATA section'))
      } else if (!this.#markup()) {
        if (this.#starts('<!')) this.#fail('markup declarations are not accepted')
        element.children.push(this.#element(depth + 1))
      }
    }
  }
}

/** Parses a whole document; throws XmlError, saying what and where, when it is not well-formed. */
export function parseXml (xml: string, options: XmlReadOptions): XmlElement {
  return new Reader(xml, options).document()
}
