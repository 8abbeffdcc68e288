import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import type { Message } from './message.js'
import type { XmlNode } from './xml.js'

export type Attributes = Record<string, string | number | boolean | undefined>

/** How every <Say> of one document speaks. */
export interface Speech {
  voice?: string | undefined
  language?: string | undefined
}

/**
 * xmlbuilder2 leaves an "&" alone when it starts something shaped like a reference ("&foo;",
 * "&#60;"), so user text could put an undefined entity (no longer well-formed) or a character
 * reference into a document. Escaping every "&" first keeps all text literal.
 */
export function literal (text: string): string {
  return text.replaceAll('&', '&amp;')
}

function attrs (attributes: Attributes): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out[name] = literal(String(value))
  }
  return out
}

function copyNodes (el: XMLBuilder, nodes: readonly XmlNode[]): void {
  for (const node of nodes) {
    if (typeof node === 'string') el.txt(literal(node))
    else copyNodes(el.ele(node.name, attrs(Object.fromEntries(node.attributes))), node.children)
  }
}

/** Verbs that may stand in <Response> and inside <Gather>. */
class Prompts {
  constructor (protected readonly el: XMLBuilder, protected readonly speech: Speech) {}

  say (text: string): this {
    this.el.ele('Say', attrs({ voice: this.speech.voice, language: this.speech.language })).txt(literal(text))
    return this
  }

  play (url: string, attributes: Attributes = {}): this {
    this.el.ele('Play', attrs(attributes)).txt(literal(url))
    return this
  }

  pause (length: number): this {
    this.el.ele('Pause', { length: String(length) })
    return this
  }

  /** A message is said, or played when it is an audio URL. */
  message (message: Message): this {
    return message.kind === 'play' ? this.play(message.url) : this.say(message.text)
  }
}

/** The nouns a <Dial> may hold. */
export class DialNouns {
  constructor (private readonly el: XMLBuilder) {}

  noun (name: 'Number' | 'Client' | 'Sip' | 'Sim' | 'Queue' | 'Conference', value: string, attributes: Attributes = {}): this {
    this.el.ele(name, attrs(attributes)).txt(literal(value))
    return this
  }
}

/**
 * One TwiML document. Every string goes through xmlbuilder2, which escapes it and drops
 * characters XML cannot carry, so user text can only ever be text or an attribute value.
 */
export class TwiML extends Prompts {
  readonly #doc: XMLBuilder

  constructor (speech: Speech = {}) {
    const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' })
    super(doc.ele('Response'), speech)
    this.#doc = doc
  }

  dial (attributes: Attributes, nouns: (dial: DialNouns) => void): this {
    nouns(new DialNouns(this.el.ele('Dial', attrs(attributes))))
    return this
  }

  gather (attributes: Attributes, prompts: (gather: Prompts) => void): this {
    prompts(new Prompts(this.el.ele('Gather', attrs(attributes)), this.speech))
    return this
  }

  record (attributes: Attributes): this {
    this.el.ele('Record', attrs(attributes))
    return this
  }

  /** With no URL, Twilio requests the current document's URL again. */
  redirect (url?: string, attributes: Attributes = {}): this {
    const el = this.el.ele('Redirect', attrs(attributes))
    if (url !== undefined) el.txt(literal(url))
    return this
  }

  hangup (): this {
    this.el.ele('Hangup')
    return this
  }

  reject (reason?: 'busy' | 'rejected'): this {
    this.el.ele('Reject', attrs({ reason }))
    return this
  }

  /** Copies elements read (and checked) elsewhere: echo's document, rebuilt rather than reflected. */
  copy (nodes: readonly XmlNode[]): this {
    copyNodes(this.el, nodes)
    return this
  }

  override toString (): string {
    return this.#doc.end({ prettyPrint: false })
  }
}

export type { Prompts }
