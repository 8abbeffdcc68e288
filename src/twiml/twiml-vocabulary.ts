import { twilioUrl } from '../params/urls.js'
import VOICE_VOCABULARY from './twiml-vocabulary.generated.json' with { type: 'json' }
import type { XmlElement, XmlNode } from './xml.js'

type UrlKind = 'http' | 'wss'

/** One element class of Twilio's VoiceResponse, as scripts/twiml-vocabulary.ts reads it. */
export interface ElementRule {
  element: string
  /** Every attribute it takes, names exact. */
  attributes: string[]
  /** Those that are URLs of documents or media Twilio fetches. */
  httpUrls: string[]
  /** Those that are URLs of a WebSocket Twilio connects to. */
  wssUrls: string[]
  /** Its text is a URL (<Play>, <Redirect>). */
  urlText: boolean
  /** The elements it may hold: element name → the key of their rule. */
  children: Record<string, string>
}

/** Voice TwiML as Twilio's own library declares it, generated into twiml-vocabulary.generated.ts. */
export interface VoiceVocabulary {
  generated: string
  /** The package and file it was read from. */
  source: string
  /** The key of <Response>'s rule. */
  root: string
  rules: Record<string, ElementRule>
}

interface Rule {
  element: string
  attributes: ReadonlySet<string>
  /** Lower-cased attribute → as Twilio spells it, to name the one meant by `Action`. */
  spelled: ReadonlyMap<string, string>
  urls: ReadonlyMap<string, UrlKind>
  urlText: boolean
  children: ReadonlyMap<string, Rule>
}

// Built once: the generated data as maps, each rule's children pointing at their rules.
function compile ({ root, rules }: VoiceVocabulary): Rule {
  const compiled = new Map<string, Rule & { children: Map<string, Rule> }>()
  for (const [key, rule] of Object.entries(rules)) {
    compiled.set(key, {
      element: rule.element,
      attributes: new Set(rule.attributes),
      spelled: new Map(rule.attributes.map((name) => [name.toLowerCase(), name])),
      urls: new Map([...rule.httpUrls.map((name) => [name, 'http'] as const), ...rule.wssUrls.map((name) => [name, 'wss'] as const)]),
      urlText: rule.urlText,
      children: new Map()
    })
  }
  const find = (key: string): Rule & { children: Map<string, Rule> } => {
    const rule = compiled.get(key)
    if (rule === undefined) throw new Error(`the TwiML vocabulary has no rule ${key}`)
    return rule
  }
  for (const [key, rule] of Object.entries(rules)) {
    for (const [name, child] of Object.entries(rule.children)) find(key).children.set(name, find(child))
  }
  return find(root)
}

const RESPONSE = compile(VOICE_VOCABULARY satisfies VoiceVocabulary)

function reachable (from: Rule): Rule[] {
  const seen = new Set<Rule>([from])
  for (const rule of seen) for (const child of rule.children.values()) seen.add(child)
  return [...seen]
}

const SAY = RESPONSE.children.get('Say')
const SPEECH = SAY === undefined ? [] : reachable(SAY).filter((rule) => rule !== SAY)

/**
 * The elements of voice TwiML, the one list every "is this TwiML?" check reads: verbs are what
 * <Response> holds; nouns what stands only inside them. <Sms> is not here: Twilio retired it
 * from voice documents. Messaging TwiML (<Message>, <Body>, <Media>) is not voice TwiML either.
 */
export const VERBS: ReadonlySet<string> = new Set(RESPONSE.children.keys())

/** The SSML a <Say> may hold, and only a <Say>. */
export const SSML: ReadonlySet<string> = new Set(SPEECH.map((rule) => rule.element))

export const NOUNS: ReadonlySet<string> = new Set(reachable(RESPONSE).map((rule) => rule.element)
  .filter((name) => name !== 'Response' && !VERBS.has(name) && !SSML.has(name)))

// TwiML attributes are ASCII (camelCase, "interpret-as", "xml:lang"); anything else is not TwiML.
const ATTRIBUTE = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/

function isNamespaceDeclaration (attribute: string): boolean {
  return attribute === 'xmlns' || attribute.startsWith('xmlns:')
}

function isWss (value: string): boolean {
  try {
    return new URL(value).protocol === 'wss:'
  } catch {
    return false
  }
}

function undeclared (node: XmlElement, rule: Rule): string | undefined {
  for (const [name] of node.attributes) {
    if (isNamespaceDeclaration(name)) return `<${node.name}> declares a namespace (${name}); TwiML has none`
    if (!ATTRIBUTE.test(name)) return `<${node.name}> has an attribute "${name.slice(0, 40)}" that is not TwiML`
    if (rule.attributes.has(name)) continue
    const parts = name.split(':', 2)
    if (parts.length === 2 && parts[0] !== 'xml') return `<${node.name}> has an attribute "${name}" in a namespace TwiML does not declare ("${parts[0]}")`
    const meant = rule.spelled.get(name.toLowerCase())
    return `<${node.name}> has no attribute "${name}"${meant === undefined ? '' : ` (Twilio spells it "${meant}")`}`
  }
  return undefined
}

function unsafeUrl (node: XmlElement, rule: Rule): string | undefined {
  for (const [name, value] of node.attributes) {
    const kind = rule.urls.get(name)
    if (kind === 'wss' && !isWss(value.trim())) return `<${node.name} ${name}> is not a wss:// URL`
    if (kind === 'http' && twilioUrl(value.trim()) === undefined) return `<${node.name} ${name}> is not an http(s) or relative URL`
  }
  if (!rule.urlText) return undefined
  const text = node.children.filter((c): c is string => typeof c === 'string').join('').trim()
  // <Play digits="..."/> and <Redirect/> have no URL; text that is there must be one.
  if (text !== '' && twilioUrl(text) === undefined) return `<${node.name}> holds something other than an http(s) or relative URL`
  return undefined
}

// Lower-cased element name → as Twilio spells it, to name the one meant by <say>.
const SPELLED = new Map([...VERBS, ...NOUNS, ...SSML].map((name) => [name.toLowerCase(), name]))

function spelling (name: string): string {
  const meant = SPELLED.get(name.toLowerCase())
  return meant === undefined || meant === name ? '' : ` (Twilio spells it <${meant}>)`
}

function misplaced (name: string, parent: Rule, insideSay: boolean): string {
  if (insideSay && !SSML.has(name)) return `<${name}> is not SSML that <Say> takes${spelling(name)}`
  if (!insideSay && !VERBS.has(name) && !NOUNS.has(name)) return `<${name}> is not a TwiML verb or noun${spelling(name)}`
  const held = [...parent.children.keys()]
  return `<${name}> cannot stand inside <${parent.element}>, which holds ${held.length === 0 ? 'no elements' : held.map((n) => `<${n}>`).join(', ')}`
}

function firstForeign (nodes: readonly XmlNode[], parent: Rule, insideSay: boolean): string | undefined {
  for (const node of nodes) {
    if (typeof node === 'string') continue
    const rule = parent.children.get(node.name)
    if (rule === undefined) return misplaced(node.name, parent, insideSay)
    const problem = undeclared(node, rule) ?? unsafeUrl(node, rule) ?? firstForeign(node.children, rule, insideSay || rule === SAY)
    if (problem !== undefined) return problem
  }
  return undefined
}

/**
 * What keeps a document from being voice TwiML, for a log line: the root is not <Response>, an
 * element is not one Twilio defines where it stands (SSML only inside <Say>), an attribute is
 * not one of its element's (names exact), or a URL is not one Twilio may fetch. Undefined when
 * it is all TwiML.
 */
export function notTwiml (root: XmlElement): string | undefined {
  if (root.name !== 'Response') return `the root element is <${root.name}>, not <Response>`
  if (root.attributes.length > 0) return '<Response> takes no attributes'
  return firstForeign(root.children, RESPONSE, false)
}
