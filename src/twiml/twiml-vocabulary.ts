import { twilioUrl } from '../params/urls.js'
import type { XmlElement, XmlNode } from './xml.js'

/**
 * The elements of voice TwiML, the one list every "is this TwiML?" check reads. <Sms> is not
 * here: Twilio retired it from voice documents. Messaging TwiML (<Message>, <Body>, <Media>)
 * is not voice TwiML either.
 */
export const VERBS: ReadonlySet<string> = new Set([
  'Say', 'Play', 'Pause', 'Gather', 'Dial', 'Record', 'Redirect', 'Hangup', 'Reject', 'Enqueue', 'Leave',
  'Refer', 'Pay', 'Prompt', 'Connect', 'Start', 'Stop', 'Echo'
])

export const NOUNS: ReadonlySet<string> = new Set([
  'Number', 'Client', 'Conference', 'Queue', 'Sip', 'Sim', 'Application', 'ApplicationSid', 'Identity',
  'Parameter', 'Task', 'Stream', 'Siprec', 'Transcription', 'Recording', 'Room', 'VirtualAgent', 'Config',
  'Conversation', 'ConversationRelay', 'Language'
])

/** The SSML a <Say> may hold, and only a <Say>. */
export const SSML: ReadonlySet<string> = new Set([
  'break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'say-as', 'sub', 'w', 'amazon:domain', 'amazon:effect'
])

// TwiML attributes are ASCII (camelCase, "interpret-as", "xml:lang"); anything else is not TwiML.
const ATTRIBUTE = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/

function isNamespaceDeclaration (attribute: string): boolean {
  return attribute === 'xmlns' || attribute.startsWith('xmlns:')
}

/** Attributes, and elements' text, that Twilio fetches or requests: only http(s) may go there. */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'action', 'url', 'waitUrl', 'statusCallback', 'recordingStatusCallback', 'transcribeCallback',
  'partialResultCallback', 'eventCallbackUrl', 'statusCallbackUrl', 'referUrl', 'amdStatusCallback', 'conferenceRecordingStatusCallback'
])
const URL_TEXT: ReadonlySet<string> = new Set(['Play', 'Redirect'])

// Media streams are WebSockets: their `url` is wss://, nothing else.
const WEBSOCKET: ReadonlySet<string> = new Set(['Stream', 'ConversationRelay'])

function isWss (value: string): boolean {
  try {
    return new URL(value).protocol === 'wss:'
  } catch {
    return false
  }
}

function unsafeUrl (node: XmlElement): string | undefined {
  if (WEBSOCKET.has(node.name)) {
    const url = node.attributes.find(([name]) => name === 'url')
    if (url !== undefined && !isWss(url[1].trim())) return `<${node.name} url> is not a wss:// URL`
  }
  for (const [name, value] of node.attributes) {
    if (WEBSOCKET.has(node.name) && name === 'url') continue
    if (URL_ATTRIBUTES.has(name) && twilioUrl(value.trim()) === undefined) return `<${node.name} ${name}> is not an http(s) or relative URL`
  }
  if (!URL_TEXT.has(node.name)) return undefined
  const text = node.children.filter((c): c is string => typeof c === 'string').join('').trim()
  // <Play digits="..."/> and <Redirect/> have no URL; text that is there must be one.
  if (text !== '' && twilioUrl(text) === undefined) return `<${node.name}> holds something other than an http(s) or relative URL`
  return undefined
}

function firstForeign (nodes: readonly XmlNode[], insideSay: boolean): string | undefined {
  for (const node of nodes) {
    if (typeof node === 'string') continue
    const unsafe = insideSay ? undefined : unsafeUrl(node)
    if (unsafe !== undefined) return unsafe
    const known = insideSay ? SSML.has(node.name) : VERBS.has(node.name) || NOUNS.has(node.name)
    if (!known) return `<${node.name}> is not ${insideSay ? 'SSML that <Say> takes' : 'a TwiML verb or noun'}`
    const declaration = node.attributes.find(([name]) => isNamespaceDeclaration(name))
    if (declaration !== undefined) return `<${node.name}> declares a namespace (${declaration[0]}); TwiML has none`
    const odd = node.attributes.find(([name]) => !ATTRIBUTE.test(name))
    if (odd !== undefined) return `<${node.name}> has an attribute "${odd[0].slice(0, 40)}" that is not TwiML`
    const inner = firstForeign(node.children, insideSay || node.name === 'Say')
    if (inner !== undefined) return inner
  }
  return undefined
}

/**
 * What keeps a document from being voice TwiML, for a log line: the root is not <Response>, or
 * an element is not a verb or noun (or SSML inside <Say>). Undefined when it is all TwiML.
 */
export function notTwiml (root: XmlElement): string | undefined {
  if (root.name !== 'Response') return `the root element is <${root.name}>, not <Response>`
  if (root.attributes.length > 0) return '<Response> takes no attributes'
  return firstForeign(root.children, false)
}
