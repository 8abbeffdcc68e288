import { SaxesParser } from 'saxes'

/** An element as written: qualified name, attributes in order, and text and elements in order. */
export interface XmlElement {
  name: string
  attributes: Array<[name: string, value: string]>
  children: XmlNode[]
}

export type XmlNode = XmlElement | string

export class XmlError extends Error {
  /** `at` is the offset (UTF-16 code units into the text given) where reading stopped. */
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

// Without namespace processing a prefix is part of the name, as callers expect (S3's listings,
// SSML's amazon:effect); XML 1.0 rules whatever version the declaration names.
const SAXES_OPTIONS = { xmlns: false, position: false, forceXMLVersion: true, defaultXMLVersion: '1.0' } as const

// saxes reads a high surrogate as a pair with whatever follows it, so a lone surrogate can pass
// or swallow the next character: characters are checked before the document is read.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
// saxes reads from "&" to the next ";" whatever lies between, so a stray "&" (AT&T) is reported
// only at that ";" or at the end of the text, as something else: it is named here instead.
const STRAY_AMPERSAND_SIGNS = /^(disallowed character in entity name|unexpected end|unclosed tag: .*)$/
const REFERENCE = /&(?:#x[0-9a-fA-F]+|#\d+|[^\s&;<>"']+);/y

function strayAmpersand (xml: string, from: number, to: number): number {
  for (let amp = xml.indexOf('&', from); amp !== -1 && amp < to; amp = xml.indexOf('&', amp + 1)) {
    REFERENCE.lastIndex = amp
    if (!REFERENCE.test(xml)) return amp
  }
  return -1
}

/** Where an XML declaration at the start ends; 0 when there is none. */
function declarationEnd (xml: string): number {
  if (!/^\uFEFF?<\?xml[ \t\r\n?]/.test(xml)) return 0
  const end = xml.indexOf('?>')
  return end === -1 ? xml.length : end + 2
}

interface Fault {
  xml: string
  /** Where the last complete piece of markup ended, and where reading stopped. */
  mark: number
  end: number
  options: XmlReadOptions
  /** The element whose closing tag was read last. */
  closed: string | undefined
}

/**
 * What saxes found, said as a person can act on it: saxes reads a reference up to the next ";"
 * and a DOCTYPE or processing instruction up to its end before saying what it is, so a stray
 * "&" or an unfinished instruction is otherwise reported as the unclosed tag it swallowed.
 */
function explain (reason: string, { xml, mark, end, options, closed }: Fault): [string, number] {
  if (reason === 'undefined entity') {
    const amp = xml.lastIndexOf('&', end - 1)
    return [`undefined entity "&${xml.slice(amp + 1, end - 1).slice(0, 20)};"`, amp]
  }
  // Whichever of a stray "&" and an unfinished DOCTYPE or instruction comes first is the fault.
  const stray = STRAY_AMPERSAND_SIGNS.test(reason) ? strayAmpersand(xml, mark, end) : -1
  const lt = xml.indexOf('<', Math.max(0, mark - 1))
  if (lt !== -1 && lt < end && (stray === -1 || lt < stray)) {
    if (xml.startsWith('<!DOCTYPE', lt)) return ['document type declarations are not accepted', lt]
    if (xml.startsWith('<?', lt) && lt >= declarationEnd(xml) && !/processing instruction|XML declaration/.test(reason)) {
      return [options.instructions === 'refuse' ? 'processing instructions are not accepted' : `unterminated processing instruction (${reason})`, lt]
    }
  }
  if (stray !== -1) return ['"&" that does not start a reference', stray]
  if (reason === 'unexpected close tag') return [`closing tag does not match <${closed ?? ''}>`, end]
  return [end <= declarationEnd(xml) ? `malformed XML declaration (${reason})` : reason, end]
}

function append (element: XmlElement, text: string): void {
  if (text === '') return
  const last = element.children.length - 1
  const previous = element.children[last]
  if (typeof previous === 'string') element.children[last] = previous + text
  else element.children.push(text)
}

/**
 * One saxes parser and the state of the document it reads. Building a parser and its handlers
 * costs more than reading a short document, so one is kept and used again after a clean read;
 * after an error it is dropped, as saxes leaves it mid-document.
 */
class Reader {
  private readonly parser = new SaxesParser(SAXES_OPTIONS)
  private xml = ''
  private options: XmlReadOptions = { maxDepth: 0, instructions: 'refuse' }
  private open: XmlElement[] = []
  private root: XmlElement | undefined
  // Where the last complete piece of markup ended: a fault lies after it.
  private mark = 0

  constructor () {
    const { parser } = this
    const marked = (): void => { this.mark = parser.position }
    const text = (data: string): void => {
      this.mark = parser.position
      const parent = this.open.at(-1)
      if (parent !== undefined) append(parent, data)
    }
    parser.on('error', (error) => {
      const fault = { xml: this.xml, mark: this.mark, end: parser.position, options: this.options, closed: this.root?.name }
      const [message, at] = explain(error.message.replace(/\.$/, ''), fault)
      throw new XmlError(message, at)
    })
    parser.on('doctype', () => this.fail('document type declarations are not accepted'))
    parser.on('processinginstruction', () => {
      this.mark = parser.position
      if (this.options.instructions === 'refuse') this.fail('processing instructions are not accepted')
    })
    parser.on('opentagstart', () => {
      if (this.open.length > this.options.maxDepth) this.fail('elements nested too deeply')
    })
    parser.on('comment', marked)
    parser.on('xmldecl', marked)
    parser.on('opentag', (tag) => {
      this.mark = parser.position
      const element: XmlElement = { name: tag.name, attributes: Object.entries(tag.attributes), children: [] }
      this.open.at(-1)?.children.push(element)
      this.open.push(element)
    })
    parser.on('closetag', () => {
      this.mark = parser.position
      this.root = this.open.pop()
    })
    parser.on('text', text)
    parser.on('cdata', text)
  }

  private fail (message: string): never {
    throw new XmlError(message, this.parser.position)
  }

  read (xml: string, options: XmlReadOptions): XmlElement {
    this.xml = xml
    this.options = options
    this.open = []
    this.root = undefined
    this.mark = 0
    this.parser.write(xml).close()
    return this.take()
  }

  /** The root read; nothing of the document is kept past its read. */
  private take (): XmlElement {
    const root = this.root
    this.xml = ''
    this.root = undefined
    // close() fails on a document without a root, so there is one here.
    return root as XmlElement
  }
}

let idle: Reader | undefined

/**
 * Parses a whole document with saxes, a strict non-validating reader that reports every
 * well-formedness error; throws XmlError, saying what and where, when it is not well-formed.
 * A DOCTYPE is refused, and with it any entity but the five predefined ones: nothing can expand
 * or be fetched.
 */
export function parseXml (xml: string, options: XmlReadOptions): XmlElement {
  const bad = NOT_XML_CHAR.exec(xml)
  if (bad !== null) throw new XmlError('character not allowed in XML', bad.index)
  // Taken while in use: a read started from inside another (none today) gets a parser of its own.
  const reader = idle ?? new Reader()
  idle = undefined
  const root = reader.read(xml, options)
  idle = reader
  return root
}
