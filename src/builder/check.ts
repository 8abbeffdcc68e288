import { queryOf } from '../answer.js'
import { Limits } from '../limits.js'
import { Params } from '../params.js'
import { ConfigProblem } from '../problems.js'
import { callerParams } from '../simulator/call.js'
import { children, readDocument, resolveUrl, textOf } from '../simulator/document.js'
import type { Sandbox } from '../simulator/sandbox.js'
import { DEFAULT_SCRIPT } from '../simulator/script.js'
import { readSpeech, type Twimlet } from '../twimlet.js'
import { Links } from '../urls.js'
import type { XmlElement } from '../xml.js'
import { checkNumbers } from './numbers.js'

export interface Problem {
  level: 'error' | 'warning' | 'info'
  /** The parameter as typed, or `URL` for the URL as a whole. */
  param: string
  message: string
  /** For a configuration problem: its code, and what the caller hears instead of a call. */
  code?: string | undefined
  spoken?: string | undefined
}

export interface Checked {
  twimlet: string | undefined
  /** The answer to the first request, as Twilio gets it, indented for reading. */
  twiml: string | undefined
  problems: Problem[]
}

/** The base URLs are taken against when a relative one is checked. */
const ANYWHERE = 'https://twimlets.invalid/'
const CALL_SID = 'CA00000000000000000000000000000000'
/** Attributes of a TwiML answer whose values Twilio requests. */
const URL_ATTRIBUTES = ['action', 'url', 'waitUrl', 'transcribeCallback', 'recordingStatusCallback', 'statusCallback']
// Names Twilio sends, or a twimlet puts in its own follow-up URLs: meaningless in a voice URL.
const DURING_CALL = new Set(['Dial', 'Round', 'Digits', 'CallSid', 'AccountSid', 'From', 'To', 'Caller', 'Called', 'CallStatus', 'Direction',
  'ApiVersion', 'DialCallStatus', 'DialStatus', 'DialCallSid', 'DialCallDuration', 'DialBridged', 'RecordingUrl', 'RecordingDuration',
  'RecordingSid', 'TranscriptionStatus', 'TranscriptionText'])

function baseName (param: string): string {
  return param.replace(/\[[^\]]*\]$/, '')
}

function unknownParams (query: URLSearchParams, twimlet: Twimlet): Problem[] {
  const known = twimlet.params
  if (known === undefined) return []
  const names = new Set([...query.keys()].map(baseName))
  const problems: Problem[] = []
  for (const name of names) {
    if (known.includes(name)) continue
    const near = known.find((k) => k.toLowerCase() === name.toLowerCase())
    const hint = near !== undefined
      ? `; did you mean ${near}? Names are case-sensitive`
      : DURING_CALL.has(name) ? '; it is sent by Twilio, or set by the twimlet itself, during the call' : ''
    problems.push({ level: 'warning', param: name.slice(0, 80), message: `is not a parameter of ${twimlet.name}, so it is ignored${hint}` })
  }
  return problems
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
function longUrls (xml: string, contentType: string, at: string): Problem[] {
  let root: XmlElement
  try {
    root = readDocument(contentType, xml, at)
  } catch {
    return [{ level: 'error', param: 'URL', message: 'the answer is not a TwiML document Twilio can read' }]
  }
  return urlsOf(root).flatMap((ref) => {
    const url = resolveUrl(ref, at) ?? ref
    return url.length > Limits.twilioUrlLength
      ? [{ level: 'error' as const, param: 'URL', message: `the next URL of the call would be ${url.length} characters; Twilio accepts at most ${Limits.twilioUrlLength}` }]
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
async function run (twimlet: Twimlet, params: Params, path: string, sandbox: Sandbox): Promise<Problem | undefined> {
  try {
    await twimlet.handle({ params, links: new Links(path), services: sandbox.services })
    return undefined
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error
    const spoken = readSpeech(params, sandbox.services.config).messages.problems[error.code]
    return { level: 'error', param: error.param, message: error.message.slice(error.param.length + 2), code: error.code, spoken }
  }
}

/**
 * What is wrong with a twimlet URL, found by the server's own means: the twimlet runs on the
 * first request of a call and its warnings and configuration problems are collected; the
 * names it does not declare, and the lengths and counts Twilio or this service refuse, are
 * reported beside them. The TwiML is what the sandboxed app answers.
 */
export async function checkUrl (typed: string, twimlets: readonly Twimlet[], sandbox: Sandbox): Promise<Checked> {
  const problems: Problem[] = []
  let url: URL
  try {
    url = new URL(typed.trim(), ANYWHERE)
  } catch {
    return { twimlet: undefined, twiml: undefined, problems: [{ level: 'error', param: 'URL', message: 'is not a URL' }] }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { twimlet: undefined, twiml: undefined, problems: [{ level: 'error', param: 'URL', message: 'must start with http:// or https://' }] }
  }
  if (url.href.length > Limits.twilioUrlLength) {
    problems.push({ level: 'error', param: 'URL', message: `is ${url.href.length} characters; Twilio accepts at most ${Limits.twilioUrlLength}` })
  }
  const name = url.pathname.replace(/\/+$/, '').split('/').at(-1) ?? ''
  const twimlet = twimlets.find((t) => t.name === name)
  if (twimlet === undefined) {
    problems.push({ level: 'error', param: 'URL', message: `the path names no twimlet of this service (${twimlets.map((t) => t.name).join(', ')})` })
    return { twimlet: undefined, twiml: undefined, problems }
  }
  const query = queryOf(url.href)
  const form = new URLSearchParams(callerParams(DEFAULT_SCRIPT, CALL_SID)).toString()
  const params = Params.fromSearch(query, form)
  if (params.size > Limits.parameters) {
    problems.push({ level: 'error', param: 'URL', message: `has ${params.size} parameters with Twilio's; this service accepts at most ${Limits.parameters}` })
  }
  problems.push(...unknownParams(new URLSearchParams(query), twimlet))
  const path = `/${twimlet.name}${url.pathname.endsWith('/') ? '/' : ''}`
  const problem = await run(twimlet, params, path, sandbox)
  if (problem !== undefined) problems.push(problem)
  checkNumbers(params, twimlet.name, sandbox.services.config)
  const seen = new Set<string>()
  for (const issue of params.issues) {
    const line = `${issue.param} ${issue.message}`
    if (!seen.has(line)) problems.push({ level: issue.level, param: issue.param, message: issue.message })
    seen.add(line)
  }
  const res = await sandbox.app.inject({
    method: 'POST',
    url: `${path}${url.search}`,
    payload: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  })
  sandbox.notes()
  const contentType = String(res.headers['content-type'] ?? '')
  if (res.statusCode !== 200) {
    problems.push({ level: 'error', param: 'URL', message: `this service answers it with HTTP ${res.statusCode}: ${res.body.slice(0, 200)}` })
    return { twimlet: twimlet.name, twiml: undefined, problems }
  }
  problems.push(...longUrls(res.body, contentType, url.href))
  return { twimlet: twimlet.name, twiml: await readable(res.body), problems }
}
