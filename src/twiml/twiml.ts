import type { Message } from '../twimlet/message.js'
import type { XmlNode } from './xml.js'
import { XmlWriter } from './xml-writer.js'

export type Attributes = Record<string, string | number | boolean | undefined>
/** Attributes already written as text, in the order they are written. */
export type AttributeList = Array<[name: string, value: string]>

/** How every <Say> of one document speaks. */
export interface Speech {
  voice?: string | undefined
  language?: string | undefined
}

/**
 * xmlbuilder2 leaves an "&" alone when it starts something shaped like a reference ("&foo;",
 * "&#60;"), so text given to it could put an undefined entity or a character reference into a
 * document. Escaping every "&" first keeps all text literal (the e-mail's HTML uses xmlbuilder2).
 */
export function literal (text: string): string {
  return text.replaceAll('&', '&amp;')
}

function attrs (attributes: Attributes): AttributeList {
  const list: AttributeList = []
  for (const name in attributes) {
    const value = attributes[name]
    if (value !== undefined) list.push([name, String(value)])
  }
  return list
}

/** Verbs that may stand in <Response> and inside <Gather>. */
class Prompts {
  constructor (protected readonly xml: XmlWriter, protected readonly speech: Speech) {}

  say (text: string): this {
    this.xml.start('Say', attrs({ voice: this.speech.voice, language: this.speech.language })).text(text).end()
    return this
  }

  play (url: string, attributes: Attributes = {}): this {
    this.xml.start('Play', attrs(attributes)).text(url).end()
    return this
  }

  pause (length: number): this {
    this.xml.start('Pause', [['length', String(length)]]).end()
    return this
  }

  /** A message is said, or played when it is an audio URL. */
  message (message: Message): this {
    return message.kind === 'play' ? this.play(message.url) : this.say(message.text)
  }
}

/** The nouns a <Dial> may hold. */
export class DialNouns {
  constructor (private readonly xml: XmlWriter) {}

  noun (name: 'Number' | 'Client' | 'Sip' | 'Sim' | 'Queue' | 'Conference', value: string, attributes: Attributes = {}): this {
    this.xml.start(name, attrs(attributes)).text(value).end()
    return this
  }
}

/** What a <Start> begins while the call goes on; only a real-time <Transcription> is written here. */
export class StartNouns {
  constructor (private readonly xml: XmlWriter) {}

  transcription (attributes: Attributes): this {
    this.xml.start('Transcription', attrs(attributes)).end()
    return this
  }
}

function copyNodes (xml: XmlWriter, nodes: readonly XmlNode[]): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      xml.text(node)
    } else {
      xml.start(node.name, node.attributes)
      copyNodes(xml, node.children)
      xml.end()
    }
  }
}

/**
 * One TwiML document, written as it is built. Every string is escaped by the writer, and
 * characters XML cannot carry are dropped, so user text can only ever be text or an attribute
 * value.
 */
export class TwiML extends Prompts {
  #done: string | undefined

  constructor (speech: Speech = {}) {
    super(new XmlWriter().start('Response'), speech)
  }

  dial (attributes: Attributes | AttributeList, nouns: (dial: DialNouns) => void): this {
    nouns(new DialNouns(this.xml.start('Dial', Array.isArray(attributes) ? attributes : attrs(attributes))))
    this.xml.end()
    return this
  }

  gather (attributes: Attributes, prompts: (gather: Prompts) => void): this {
    prompts(new Prompts(this.xml.start('Gather', attrs(attributes)), this.speech))
    this.xml.end()
    return this
  }

  start (nouns: (start: StartNouns) => void): this {
    nouns(new StartNouns(this.xml.start('Start')))
    this.xml.end()
    return this
  }

  record (attributes: Attributes): this {
    this.xml.start('Record', attrs(attributes)).end()
    return this
  }

  /** With no URL, Twilio requests the current document's URL again. */
  redirect (url?: string, attributes: Attributes = {}): this {
    this.xml.start('Redirect', attrs(attributes))
    if (url !== undefined) this.xml.text(url)
    this.xml.end()
    return this
  }

  hangup (): this {
    this.xml.start('Hangup').end()
    return this
  }

  reject (reason?: 'busy' | 'rejected'): this {
    this.xml.start('Reject', attrs({ reason })).end()
    return this
  }

  /** Copies elements read (and checked) elsewhere: echo's document, rebuilt rather than reflected. */
  copy (nodes: readonly XmlNode[]): this {
    copyNodes(this.xml, nodes)
    return this
  }

  /** The finished document; nothing can be added after. */
  override toString (): string {
    this.#done ??= this.xml.finish()
    return this.#done
  }
}

export type { Prompts }
