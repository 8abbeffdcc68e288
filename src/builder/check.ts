import { queryOf } from '../http/answer.js'
import type { Config } from '../config.js'
import { Limits } from '../params/limits.js'
import { differences, type MovedUrl } from '../migration/differences.js'
import { moveLine, twimletOf } from '../migration/twimlets-com.js'
import { Params } from '../params/params.js'
import { ConfigProblem } from '../params/problems.js'
import { callerParams } from '../simulator/call.js'
import { children, readDocument, resolveUrl, textOf } from '../simulator/document.js'
import type { Sandbox } from '../simulator/sandbox.js'
import { DEFAULT_SCRIPT } from '../simulator/script.js'
import { readSpeech, type Twimlet } from '../twimlet/twimlet.js'
import { DeclaredNames } from '../twimlet/twimlet-params.js'
import { Links } from '../params/urls.js'
import type { XmlElement } from '../twiml/xml.js'
import { hoursView, type HoursView } from './hours-view.js'
import { nestedRefs, type NestedRef } from './nested.js'
import { checkNumbers } from './numbers.js'

export interface Problem {
  level: 'error' | 'warning' | 'info'
  /** As displayed: the parameter as typed, `URL` for the URL as a whole, `FailUrl → Email` for one in a nested URL. */
  param: string
  /** The same as a path, the top-level parameter first: ['FailUrl', 'Email']. */
  path: string[]
  message: string
  /** For a configuration problem: its code, and what the caller hears instead of a call. */
  code?: string | undefined
  spoken?: string | undefined
  /** For a name the twimlet does not declare: the one it most likely meant. */
  suggestion?: string | undefined
}

export interface Checked {
  twimlet: string | undefined
  /** The answer to the first request, as Twilio gets it, indented for reading. */
  twiml: string | undefined
  problems: Problem[]
  /** When the URL, or one nested in it, is on twimlets.com: the same line on this service, and what it does differently. */
  migration?: { rewritten: string, differences: string[] }
  /** Every nested URL of this service that was followed, by the parameter holding it. */
  nested: Array<{ param: string, url: string, twimlet: string | undefined }>
  /** For an hours URL: open or closed at that moment, the next change, and the coming week. */
  hours?: HoursView
}

export interface CheckOptions {
  /** The folder of this service that a twimlets.com URL moves to. */
  base: string
  /** The moment to check as of (ms since the epoch), for what depends on the clock (hours); now when not given. */
  at?: number | undefined
}

/** The base URLs are taken against when a relative one is checked. */
const ANYWHERE = 'https://twimlets.invalid/'
const CALL_SID = 'CA00000000000000000000000000000000'
/** Attributes of a TwiML answer whose values Twilio requests. */
const URL_ATTRIBUTES = ['action', 'url', 'waitUrl', 'transcribeCallback', 'recordingStatusCallback', 'statusCallback']
/** How far nested URLs are followed: a real line nests two or three deep, a menu has a dozen options. */
const NESTED = { depth: 4, count: 24, ms: 3000 }
const ARROW = ' → '

/** A problem of one URL, its path relative to that URL; `URL` is the URL itself. */
type Found = Omit<Problem, 'param'>

function problem (path: string[], found: Omit<Found, 'path'>): Problem {
  return { level: found.level, param: path.join(ARROW), path, message: found.message, code: found.code, spoken: found.spoken, suggestion: found.suggestion }
}

/**
 * A nested URL pasted without encoding its query loses its own parameters to the URL around
 * it (`FailUrl=voicemail?Email=…&Message=…`): a name unknown here that the nested twimlet takes.
 */
function spilledFrom (name: string, refs: readonly NestedRef[]): string {
  const holder = refs.find((ref) => ref.twimlet?.params?.includes(name) === true)
  return holder?.twimlet === undefined
    ? ''
    : `; ${holder.twimlet.name} takes it: if it belongs to the URL in ${holder.param}, encode that URL (& as %26) so it stays inside it`
}

function unknownParams (params: Params, twimlet: Twimlet, refs: readonly NestedRef[]): Found[] {
  const declared = new DeclaredNames(twimlet)
  return declared.unknown(params.queryNames(), true).map((unknown) => ({
    level: 'warning',
    path: [unknown.name],
    message: `${declared.message(unknown)}${unknown.suggestion === undefined && !unknown.duringCall ? spilledFrom(unknown.name, refs) : ''}`,
    suggestion: unknown.suggestion
  }))
}

function urlsOf (root: XmlElement): string[] {
  const urls: string[] = []
  for (const el of children(root)) {
    for (const [name, value] of el.attributes) if (URL_ATTRIBUTES.includes(name)) urls.push(value)
    if (el.name === 'Redirect' && textOf(el).trim() !== '') urls.push(textOf(el).trim())
    urls.push(...urlsOf(el))
  }
  return urls
}

/** URLs in the answer that Twilio would refuse for their length. */
function longUrls (xml: string, contentType: string, at: string): Found[] {
  let root: XmlElement
  try {
    root = readDocument(contentType, xml, at)
  } catch {
    return [{ level: 'error', path: ['URL'], message: 'the answer is not a TwiML document Twilio can read' }]
  }
  return urlsOf(root).flatMap((ref) => {
    const url = resolveUrl(ref, at) ?? ref
    return url.length > Limits.twilioUrlLength
      ? [{ level: 'error' as const, path: ['URL'], message: `the next URL of the call would be ${url.length} characters; Twilio accepts at most ${Limits.twilioUrlLength}` }]
      : []
  })
}

// Loaded with the first check, not at start-up: xmlbuilder2 takes ~60 ms to load.
async function readable (xml: string): Promise<string> {
  try {
    const { convert } = await import('xmlbuilder2')
    return convert(xml, { format: 'xml', prettyPrint: true })
  } catch {
    return xml
  }
}

/** Runs the twimlet as the app does; a configuration problem is what it throws. */
async function run (twimlet: Twimlet, params: Params, path: string, sandbox: Sandbox): Promise<Found | undefined> {
  try {
    await twimlet.handle({ params, links: new Links(path), services: sandbox.services })
    return undefined
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error
    const spoken = readSpeech(params, sandbox.services.config).messages.problems[error.code]
    return { level: 'error', path: [error.param], message: error.message.slice(error.param.length + 2), code: error.code, spoken }
  }
}

interface Inspected {
  twimlet: Twimlet | undefined
  problems: Found[]
  /** The first answer, as sent. */
  xml: string | undefined
}

/**
 * One URL, found wrong by the server's own means: the twimlet runs on the first request of a
 * call and its warnings and configuration problems are collected; the names it does not
 * declare, and the lengths and counts Twilio or this service refuse, are reported beside them.
 */
async function inspect (url: URL, refs: readonly NestedRef[], twimlets: readonly Twimlet[], sandbox: Sandbox): Promise<Inspected> {
  const problems: Found[] = []
  if (url.href.length > Limits.twilioUrlLength) {
    problems.push({ level: 'error', path: ['URL'], message: `is ${url.href.length} characters; Twilio accepts at most ${Limits.twilioUrlLength}` })
  }
  const twimlet = twimlets.find((t) => t.name === twimletOf(url))
  if (twimlet === undefined) {
    problems.push({ level: 'error', path: ['URL'], message: `the path names no twimlet of this service (${twimlets.map((t) => t.name).join(', ')})` })
    return { twimlet, problems, xml: undefined }
  }
  const query = queryOf(url.href)
  const form = new URLSearchParams(callerParams(DEFAULT_SCRIPT, CALL_SID)).toString()
  const params = Params.fromSearch(query, form)
  if (params.size > Limits.parameters) {
    problems.push({ level: 'error', path: ['URL'], message: `has ${params.size} parameters with Twilio's; this service accepts at most ${Limits.parameters}` })
  }
  problems.push(...unknownParams(params, twimlet, refs))
  const path = `/${twimlet.name}${url.pathname.endsWith('/') ? '/' : ''}`
  const configProblem = await run(twimlet, params, path, sandbox)
  if (configProblem !== undefined) problems.push(configProblem)
  checkNumbers(params, twimlet.name, sandbox.services.config)
  const seen = new Set<string>()
  for (const issue of params.issues) {
    const line = `${issue.param} ${issue.message}`
    if (!seen.has(line)) problems.push({ level: issue.level, path: [issue.param], message: issue.message })
    seen.add(line)
  }
  const res = await sandbox.app.inject({
    method: 'POST',
    url: `${path}${url.search}`,
    payload: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  })
  sandbox.notes()
  if (res.statusCode !== 200) {
    problems.push({ level: 'error', path: ['URL'], message: `this service answers it with HTTP ${res.statusCode}: ${res.body.slice(0, 200)}` })
    return { twimlet, problems, xml: undefined }
  }
  problems.push(...longUrls(res.body, String(res.headers['content-type'] ?? ''), url.href))
  return { twimlet, problems, xml: res.body }
}

/** A URL's place in the line: the parameters that lead to it, and the URLs above it. */
interface Place {
  path: string[]
  above: ReadonlySet<string>
}

/** One check of a line: the URLs followed so far and everything found, within the bounds. */
class Walk {
  readonly problems: Problem[] = []
  readonly nested: Checked['nested'] = []
  readonly urls: MovedUrl[] = []
  readonly #deadline = Date.now() + NESTED.ms
  #followed = 0
  #cut = false

  constructor (readonly twimlets: readonly Twimlet[], readonly sandbox: Sandbox, readonly shown: (url: URL) => string) {}

  /** Checks the URL, then each URL nested in it, depth first, so each one's problems come together. */
  async visit (url: URL, place: Place): Promise<Inspected> {
    const refs = nestedRefs(queryOf(url.href), url, this.twimlets)
    const found = await inspect(url, refs, this.twimlets, this.sandbox)
    for (const each of found.problems) {
      const path = each.path[0] === 'URL' && place.path.length > 0 ? place.path : [...place.path, ...each.path]
      this.problems.push(problem(path, each))
    }
    if (found.twimlet === undefined) return found
    this.urls.push({ twimlet: found.twimlet.name, query: queryOf(url.href) })
    const above = new Set([...place.above, url.href])
    for (const ref of refs) {
      const path = [...place.path, ref.param]
      if (ref.twimlet === undefined) {
        this.problems.push(problem(path, { level: 'error', message: ref.message }))
        continue
      }
      if (above.has(ref.url.href)) {
        this.problems.push(problem(path, { level: 'info', message: `leads back to ${ref.url.href === url.href ? 'this very URL' : 'a URL it is nested in'}; followed once` }))
        continue
      }
      if (path.length > NESTED.depth || this.#followed >= NESTED.count || Date.now() > this.#deadline) {
        this.#cut = true
        continue
      }
      this.#followed++
      this.nested.push({ param: path.join(ARROW), url: this.shown(ref.url), twimlet: ref.twimlet.name })
      await this.visit(ref.url, { path, above })
    }
    return found
  }

  /** Said once, when some nested URL was left unchecked. */
  bounds (): Problem[] {
    return this.#cut
      ? [problem(['URL'], { level: 'info', message: `nested URLs are followed ${NESTED.depth} deep, at most ${NESTED.count} of them, for ${NESTED.ms / 1000} s; some were not checked` })]
      : []
  }
}

function typedUrl (typed: string): URL | string {
  let url: URL
  try {
    url = new URL(typed.trim(), ANYWHERE)
  } catch {
    return 'is not a URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://'
  return url
}

/**
 * What is wrong with a twimlet URL and every URL of this service nested in it (a FailUrl, a
 * menu's options), each nested one's problems under the parameter that holds it. A line on
 * twimlets.com is checked as it is on this service, with what this service does differently.
 * The TwiML is what the sandboxed app answers to the first request.
 */
export async function checkUrl (typed: string, twimlets: readonly Twimlet[], sandbox: Sandbox, options: CheckOptions): Promise<Checked> {
  const url = typedUrl(typed)
  if (typeof url === 'string') return { twimlet: undefined, twiml: undefined, problems: [problem(['URL'], { level: 'error', message: url })], nested: [] }
  const relative = url.origin === new URL(ANYWHERE).origin
  const moved = moveLine(url, relative, options.base, new Set(twimlets.map((t) => t.name)))
  const checked = moved === undefined ? url : new URL(moved.rewritten)
  // A relative URL's nested ones are shown relative too: twimlets.invalid is no place to go.
  const shown = (nested: URL): string => nested.origin === url.origin && relative ? `${nested.pathname.slice(1)}${nested.search}` : nested.href
  const walk = new Walk(twimlets, sandbox, shown)
  const root = await walk.visit(checked, { path: [], above: new Set() })
  const result: Checked = {
    twimlet: root.twimlet?.name,
    twiml: root.xml === undefined ? undefined : await readable(root.xml),
    problems: [...walk.problems, ...walk.bounds()],
    nested: walk.nested
  }
  if (root.twimlet?.name === 'hours') {
    const view = await hoursView(queryOf(checked.href), sandbox.services.config as Config, options.at ?? sandbox.services.clock())
    if (view !== undefined) result.hours = view
  }
  if (moved !== undefined) result.migration = { rewritten: moved.rewritten, differences: differences(walk.urls, sandbox.services.config as Config) }
  return result
}
