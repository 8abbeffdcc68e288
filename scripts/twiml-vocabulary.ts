import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import type { ElementRule, VoiceVocabulary } from '../src/twiml/twiml-vocabulary.js'

/**
 * Writes src/twiml/twiml-vocabulary.generated.json, the voice TwiML echo accepts, from the
 * `VoiceResponse` that Twilio generates from its API definition for its Node.js library (the
 * `twilio` devDependency): `npm run vocabulary` after upgrading it. Each element class of the
 * declarations (VoiceResponse.d.ts) is one rule: its attributes are the properties of the
 * `…Attributes` interface its builder method takes, its children the elements its own builder
 * methods add. The element names are read from the builder (VoiceResponse.js: the name each
 * method passes to `ele()`), because a class name is not always its element's (SsmlSayAs writes
 * <say-as>, ReferSip writes <Sip>). The declarations are parsed, never run.
 */

const require = createRequire(import.meta.url)
export const OUTPUT = 'src/twiml/twiml-vocabulary.generated.json'
const DECLARATIONS = require.resolve('twilio/lib/twiml/VoiceResponse.d.ts')
const BUILDER = require.resolve('twilio/lib/twiml/VoiceResponse.js')
const TWILIO_VERSION = (JSON.parse(readFileSync(require.resolve('twilio/package.json'), 'utf8')) as { version: string }).version
const ROOT_CLASS = 'VoiceResponse'
const NAMESPACE = 'VoiceResponse'

/**
 * Attributes Twilio fetches or requests: `url`, `action`, and names ending in Url or Callback
 * (waitUrl, referUrl, statusCallbackUrl, eventCallbackUrl, statusCallback, transcribeCallback,
 * recordingStatusCallback, amdStatusCallback, partialResultCallback, …), as the TwiML reference
 * describes each one ("relative or absolute URL"). Their …Method and …Event companions are not.
 */
const URL_ATTRIBUTE = /^(?:url|action)$|(?:Url|Callback)$/

/** A builder argument named `url` is the element's text: <Play> and <Redirect> hold a URL. */
const URL_TEXT_ARGUMENT = 'url'

/**
 * Media streams and ConversationRelay connect to a WebSocket: the TwiML reference requires a
 * wss:// `url` there, which the declarations do not say.
 */
const WEBSOCKET_URL: ReadonlyArray<[element: string, attribute: string]> = [['Stream', 'url'], ['ConversationRelay', 'url']]

/**
 * In the declarations but not voice TwiML any more: the reference marks <Sms> deprecated and
 * says to send a message with the REST API instead.
 */
const RETIRED: ReadonlySet<string> = new Set(['Sms'])

/**
 * Amazon Polly's SSML that the TwiML reference lists for <Say> with Polly voices, and the
 * declarations lack: they may stand wherever <prosody> may, and hold what <prosody> holds.
 */
const POLLY_SSML: Readonly<Record<string, { element: string, attributes: readonly string[] }>> = {
  AmazonDomain: { element: 'amazon:domain', attributes: ['name'] },
  AmazonEffect: { element: 'amazon:effect', attributes: ['name', 'phonation', 'vocal-tract-length'] }
}
const POLLY_LIKE = 'prosody'

interface Method {
  /** The class the method returns, that is, of the element it adds. */
  child: string
  /** The interface named by its `attributes` parameter; undefined when it takes none. */
  attributes: string | undefined
  /** Its other parameter (the element's text), by name. */
  text: string | undefined
}

interface Declarations {
  /** Class → method name → what each of its overloads says. */
  classes: Map<string, Map<string, Method[]>>
  /** Interface → its properties, over every declaration of that name (TypeScript merges them). */
  interfaces: Map<string, Set<string>>
}

function referenced (type: ts.TypeNode | undefined): string | undefined {
  if (type === undefined || !ts.isTypeReferenceNode(type)) return undefined
  const name = type.typeName
  if (ts.isQualifiedName(name) && ts.isIdentifier(name.left) && name.left.text === NAMESPACE) return name.right.text
  return undefined
}

function propertyName (name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text
  throw new Error(`unexpected attribute name ${name.getText()}`)
}

function methodsOf (node: ts.ClassDeclaration): Map<string, Method[]> {
  const methods = new Map<string, Method[]>()
  for (const member of node.members) {
    if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue
    const child = referenced(member.type)
    // comment(), commentAfter() and commentBefore() return the XML node, not an element class.
    if (child === undefined) continue
    const attributes = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'attributes')
    const text = member.parameters.find((p) => p !== attributes)
    const list = methods.get(member.name.text) ?? []
    list.push({
      child,
      attributes: referenced(attributes?.type),
      text: text !== undefined && ts.isIdentifier(text.name) ? text.name.text : undefined
    })
    methods.set(member.name.text, list)
  }
  return methods
}

function readDeclarations (source: string): Declarations {
  const file = ts.createSourceFile(DECLARATIONS, source, ts.ScriptTarget.Latest, true)
  const classes = new Map<string, Map<string, Method[]>>()
  const interfaces = new Map<string, Set<string>>()
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name !== undefined) classes.set(node.name.text, methodsOf(node))
    if (ts.isInterfaceDeclaration(node)) {
      const properties = interfaces.get(node.name.text) ?? new Set<string>()
      for (const member of node.members) {
        if (ts.isPropertySignature(member)) properties.add(propertyName(member.name))
      }
      interfaces.set(node.name.text, properties)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return { classes, interfaces }
}

/** Class → method name → the element name the builder writes. */
function readElementNames (source: string): Map<string, Map<string, string>> {
  const file = ts.createSourceFile(BUILDER, source, ts.ScriptTarget.Latest, true)
  const names = new Map<string, Map<string, string>>()
  let inClass: string | undefined
  let inMethod: string | undefined
  const visit = (node: ts.Node): void => {
    const [outerClass, outerMethod] = [inClass, inMethod]
    if (ts.isClassDeclaration(node) && node.name !== undefined) inClass = node.name.text
    if (ts.isMethodDeclaration(node) && ts.isIdentifier(node.name)) inMethod = node.name.text
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'ele' &&
      inClass !== undefined && inMethod !== undefined) {
      const [name] = node.arguments
      if (name === undefined || !ts.isStringLiteral(name)) throw new Error(`${inClass}.${inMethod}: ele() without a literal name`)
      const methods = names.get(inClass) ?? new Map<string, string>()
      methods.set(inMethod, name.text)
      names.set(inClass, methods)
    }
    ts.forEachChild(node, visit)
    ;[inClass, inMethod] = [outerClass, outerMethod]
  }
  visit(file)
  return names
}

const sorted = (names: Iterable<string>): string[] => [...names].sort()

function isWebSocket (element: string, attribute: string): boolean {
  return WEBSOCKET_URL.some(([e, a]) => e === element && a === attribute)
}

/** The vocabulary the declarations define, with the additions and removals above. */
export function deriveVocabulary (declarationsSource: string, builderSource: string): VoiceVocabulary {
  const { classes, interfaces } = readDeclarations(declarationsSource)
  const elementNames = readElementNames(builderSource)
  const element = new Map<string, string>([[ROOT_CLASS, 'Response']])
  const attributes = new Map<string, Set<string>>([[ROOT_CLASS, new Set()]])
  const urlText = new Map<string, boolean>()
  for (const [owner, methods] of classes) {
    for (const [method, overloads] of methods) {
      const name = elementNames.get(owner)?.get(method)
      if (name === undefined) throw new Error(`${owner}.${method} writes no element in the builder`)
      for (const { child, attributes: type, text } of overloads) {
        const known = element.get(child)
        if (known !== undefined && known !== name) throw new Error(`class ${child} writes both <${known}> and <${name}>`)
        element.set(child, name)
        const set = attributes.get(child) ?? new Set<string>()
        if (type !== undefined) {
          const properties = interfaces.get(type)
          if (properties === undefined) throw new Error(`${owner}.${method}: no interface ${type}`)
          for (const property of properties) set.add(property)
        }
        attributes.set(child, set)
        if (text !== undefined) urlText.set(child, text === URL_TEXT_ARGUMENT)
      }
    }
  }
  for (const name of RETIRED) {
    if (![...element.values()].includes(name)) throw new Error(`<${name}> is not in the declarations any more: drop it from RETIRED`)
  }
  const rules: Record<string, ElementRule> = {}
  for (const [owner, methods] of [...classes].sort(([a], [b]) => a.localeCompare(b))) {
    const name = element.get(owner)
    if (name === undefined || RETIRED.has(name)) continue
    const children: Record<string, string> = {}
    for (const overloads of methods.values()) {
      const [first] = overloads
      const childName = first === undefined ? undefined : element.get(first.child)
      if (first !== undefined && childName !== undefined && !RETIRED.has(childName)) children[childName] = first.child
    }
    const own = sorted(attributes.get(owner) ?? [])
    rules[owner] = {
      element: name,
      attributes: own,
      httpUrls: own.filter((a) => URL_ATTRIBUTE.test(a) && !isWebSocket(name, a)),
      wssUrls: own.filter((a) => isWebSocket(name, a)),
      urlText: urlText.get(owner) ?? false,
      children: sortedRecord(children)
    }
  }
  addPollySsml(rules)
  checkAdditions(rules)
  return {
    generated: 'by scripts/twiml-vocabulary.ts (npm run vocabulary): do not edit',
    source: `twilio ${TWILIO_VERSION}, lib/twiml/VoiceResponse.d.ts`,
    root: ROOT_CLASS,
    rules: sortedRecord(rules)
  }
}

function sortedRecord<T> (record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}

function addPollySsml (rules: Record<string, ElementRule>): void {
  const like = Object.entries(rules).find(([, rule]) => rule.element === POLLY_LIKE)
  if (like === undefined) throw new Error(`no <${POLLY_LIKE}> to place Polly's SSML beside`)
  const polly = Object.fromEntries(Object.entries(POLLY_SSML).map(([key, { element }]) => [element, key]))
  const children = sortedRecord({ ...like[1].children, ...polly })
  for (const [key, { element, attributes }] of Object.entries(POLLY_SSML)) {
    rules[key] = { element, attributes: sorted(attributes), httpUrls: [], wssUrls: [], urlText: false, children }
  }
  for (const rule of Object.values(rules)) {
    if (Object.values(rule.children).includes(like[0])) rule.children = sortedRecord({ ...rule.children, ...polly })
  }
}

/** An addition that names what the declarations no longer have is stale: the script says so. */
function checkAdditions (rules: Record<string, ElementRule>): void {
  for (const [element, attribute] of WEBSOCKET_URL) {
    if (!Object.values(rules).some((rule) => rule.element === element && rule.attributes.includes(attribute))) {
      throw new Error(`<${element} ${attribute}> is not in the declarations any more`)
    }
  }
  for (const { element } of Object.values(POLLY_SSML)) {
    if (Object.values(rules).filter((rule) => rule.element === element).length !== 1) throw new Error(`<${element}> is declared by Twilio now: drop it from POLLY_SSML`)
  }
}

/** The generated file as the installed `twilio` package defines it. */
export function generate (): string {
  const vocabulary = deriveVocabulary(readFileSync(DECLARATIONS, 'utf8'), readFileSync(BUILDER, 'utf8'))
  return `${JSON.stringify(vocabulary, null, 2)}
`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(OUTPUT, generate())
  process.stdout.write(`${OUTPUT}: written from twilio ${TWILIO_VERSION}\n`)
}
