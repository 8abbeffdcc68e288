import { Limits } from '../params/limits.js'
import { parseXml, XmlError, type XmlElement, type XmlNode } from '../twiml/xml.js'

/** Twilio's error codes for answers it cannot use, as its debugger names them. */
export const TwilioErrors = {
  invalidUrl: '11100',
  httpFailure: '11200',
  connectionFailure: '11205',
  tooLarge: '11750',
  parseFailure: '12100',
  badContentType: '12300'
} as const

export class DocumentError extends Error {
  constructor (readonly code: string, message: string) {
    super(message)
    this.name = 'DocumentError'
  }
}

const XML_TYPES = /^(text\/xml|application\/xml|text\/html)$/
// TwiML nests a few levels; SSML inside <Say> a few more.
const MAX_DEPTH = 32

function element (name: string, attributes: Array<[string, string]>, children: XmlNode[]): XmlElement {
  return { name, attributes, children }
}

/**
 * An answer as Twilio takes it: TwiML from XML (and HTML) types, audio played, plain text said.
 * Throws DocumentError with Twilio's code for anything else.
 */
export function readDocument (contentType: string, body: string, url: string): XmlElement {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase()
  if (type.startsWith('audio/')) return element('Response', [], [element('Play', [], [url])])
  if (type === 'text/plain') return element('Response', [], [element('Say', [], [body])])
  if (!XML_TYPES.test(type)) throw new DocumentError(TwilioErrors.badContentType, `content type "${type.slice(0, 60)}" is neither TwiML nor audio`)
  if (Buffer.byteLength(body) > Limits.twimlBytes) throw new DocumentError(TwilioErrors.tooLarge, `the document is larger than ${Limits.twimlBytes} bytes`)
  let root: XmlElement
  try {
    root = parseXml(body, { maxDepth: MAX_DEPTH, instructions: 'skip' })
  } catch (error) {
    if (error instanceof XmlError) throw new DocumentError(TwilioErrors.parseFailure, `not well-formed XML: ${error.message}`)
    throw error
  }
  if (root.name !== 'Response') throw new DocumentError(TwilioErrors.parseFailure, `the root element is <${root.name}>, not <Response>`)
  return root
}

export function attr (el: XmlElement, name: string): string | undefined {
  return el.attributes.find(([key]) => key === name)?.[1]
}

/** A whole-number attribute, or the fallback when absent or not a number. */
export function intAttr (el: XmlElement, name: string, fallback: number): number {
  const text = attr(el, name)?.trim()
  return text !== undefined && /^\d{1,7}$/.test(text) ? Number(text) : fallback
}

export function children (el: XmlElement): XmlElement[] {
  return el.children.filter((node): node is XmlElement => typeof node !== 'string')
}

/** All the text inside, SSML included. */
export function textOf (el: XmlElement): string {
  return el.children.map((node) => (typeof node === 'string' ? node : textOf(node))).join('')
}

/** A URL in a document, resolved against the document's own URL; undefined when it cannot be. */
export function resolveUrl (ref: string, documentUrl: string): string | undefined {
  try {
    const url = new URL(ref.trim(), documentUrl)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined
  } catch {
    return undefined
  }
}
