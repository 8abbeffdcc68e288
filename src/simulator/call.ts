import { randomBytes } from 'node:crypto'
import { Limits } from '../params/limits.js'
import type { XmlElement } from '../twiml/xml.js'
import { runDial } from './dial.js'
import { attr, children, DocumentError, readDocument, resolveUrl, TwilioErrors } from './document.js'
import type { Service } from './http.js'
import type { Method, Script } from './script.js'
import type { CallResult, LegName, LegResult, SimEvent, Transcript } from './transcript.js'
import { API_VERSION, gather, prompt, record, redirect, start, stopTranscriptions, type Doc, type Step } from './verbs.js'

export const ACCOUNT_SID = 'AC00000000000000000000000000000000'
/** HTTP redirects followed for one request, as Twilio follows them. */
const MAX_HOPS = 10
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** One leg of the call: the caller's, a dialed party's, hold music's, or Twilio's callbacks. */
export interface Leg {
  name: LegName
  role: 'caller' | 'callee' | 'hold' | 'callback'
  /** Twilio's parameters on every request of this leg. */
  params: Record<string, string>
  /** What the leg keys at the next <Gather>; undefined for nothing. */
  keys: () => string | undefined
}

export interface Fetch {
  url: string
  method: Method
  /** Parameters of this request besides the leg's own (Digits, DialCallStatus, ...). */
  extra: Record<string, string>
}

/** A real-time transcription (<Start><Transcription>) running on a call, and its events so far. */
export interface Realtime {
  /** Twilio's leg for its events: the call's SIDs only, as Twilio sends them. */
  leg: Leg
  callSid: string
  url: string
  method: Method
  language: string
  track: string
  sid: string
  /** The SequenceId of its last event. */
  sequence: number
}

/** How a leg's part of the call ended; `done` means its document ran out of verbs. */
export type LegEnd = 'done' | 'hangup' | 'rejected' | 'error' | 'external' | 'loop'

/** Unique-looking SIDs for one call: a random stem and a counter. */
export class Sids {
  readonly #stem = randomBytes(12).toString('hex')
  #count = 0
  next (prefix: string): string {
    this.#count++
    return `${prefix}${this.#stem}${this.#count.toString(16).padStart(8, '0')}`
  }
}

/** Twilio's parameters for the caller's leg of an inbound call. */
export function callerParams (script: Pick<Script, 'from' | 'to'>, callSid: string): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: API_VERSION,
    CallSid: callSid,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: script.from,
    To: script.to,
    Caller: script.from,
    Called: script.to
  }
}

function formKey (form: Record<string, string>): string {
  return JSON.stringify(Object.entries(form).filter(([name]) => name !== 'CallStatus').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** A call in progress: the legs, what happened on them, and what Twilio does later. */
export class Call {
  readonly events: SimEvent[] = []
  readonly rang: Array<{ target: string, result: LegResult }> = []
  readonly bridged: string[] = []
  readonly realtime: Realtime[] = []
  readonly sids = new Sids()
  requests = 0
  error: { code: string, message: string } | undefined
  /** Grows with every input the people give, so a repeated request after input is no loop. */
  progress = 0
  readonly #seen = new Map<string, number>()
  /** Requests Twilio makes after the call (transcriptions, status callbacks); answers ignored. */
  readonly #later: Array<{ leg: Leg, fetch: Fetch }> = []

  constructor (readonly service: Service, readonly script: Script) {}

  emit (event: SimEvent): void {
    this.events.push(event)
  }

  fail (leg: Leg, code: string, message: string): 'error' {
    this.emit({ type: 'error', leg: leg.name, code, message })
    this.error ??= { code, message }
    return 'error'
  }

  /** A dialed target's leg ended this way; a target dialed again is listed again. */
  ended (target: string, result: LegResult): void {
    this.rang.push({ target, result })
    if (result === 'bridged') this.bridged.push(target)
  }

  later (leg: Leg, fetch: Fetch): void {
    this.#later.push({ leg, fetch })
  }

  async runLeg (leg: Leg, first: Fetch): Promise<LegEnd> {
    let step: Fetch | LegEnd = first
    while (typeof step !== 'string') {
      const loaded = await this.#load(leg, step)
      if (typeof loaded === 'string') return loaded
      step = await this.#execute(leg, loaded)
    }
    return step
  }

  /** Twilio's requests after the call has ended: made, their answers not acted on. */
  async runLater (): Promise<void> {
    for (const { leg, fetch } of this.#later) await this.#request(leg, fetch)
  }

  #loop (leg: Leg, fetch: Fetch, form: Record<string, string>): boolean {
    const key = `${leg.name} ${fetch.method} ${fetch.url} ${formKey(form)}`
    if (this.#seen.get(key) === this.progress) return true
    this.#seen.set(key, this.progress)
    return false
  }

  /** Requests a URL, following HTTP redirects; the final URL and answer, or how the leg ended. */
  async #request (leg: Leg, fetch: Fetch): Promise<{ url: string, status: number, contentType: string, body: string } | LegEnd> {
    let { url, method } = fetch
    const form = { ...leg.params, ...fetch.extra }
    if (leg.role !== 'callback' && this.#loop(leg, fetch, form)) {
      this.emit({ type: 'loop', leg: leg.name, url })
      return 'loop'
    }
    for (let hop = 0; ; hop++) {
      if (!this.service.owns(url)) {
        this.emit({ type: 'external', leg: leg.name, url })
        return 'external'
      }
      if (this.requests >= this.script.maxRequests) {
        return this.fail(leg, 'too-many-requests', `more than ${this.script.maxRequests} requests; the simulation stopped`)
      }
      this.requests++
      const event: Extract<SimEvent, { type: 'request' }> = { type: 'request', leg: leg.name, method, url, form }
      this.emit(event)
      let res
      try {
        res = await this.service.request({ method, url, form: Object.entries(form) })
      } catch (error) {
        return this.fail(leg, TwilioErrors.connectionFailure, `no answer from ${url}: ${error instanceof Error ? error.message : String(error)}`)
      }
      // Twilio refuses larger documents, so a transcript never needs more of one.
      Object.assign(event, { status: res.status, contentType: res.contentType, body: res.body.slice(0, Limits.twimlBytes), notes: res.notes })
      if (REDIRECTS.has(res.status) && res.location !== undefined) {
        const next = resolveUrl(res.location, url)
        event.location = next ?? res.location
        if (next === undefined) return this.fail(leg, TwilioErrors.invalidUrl, `redirect to "${res.location.slice(0, 200)}", which is not an http(s) URL`)
        if (hop + 1 >= MAX_HOPS) return this.fail(leg, TwilioErrors.httpFailure, `more than ${MAX_HOPS} HTTP redirects`)
        if (res.status === 303 || (res.status <= 302 && method === 'POST')) method = 'GET'
        url = next
        continue
      }
      if (res.status < 200 || res.status > 299) return this.fail(leg, TwilioErrors.httpFailure, `HTTP ${res.status} from ${url}`)
      if (leg.role === 'caller') leg.params.CallStatus = 'in-progress'
      return { url, status: res.status, contentType: res.contentType, body: res.body }
    }
  }

  async #load (leg: Leg, fetch: Fetch): Promise<Doc | LegEnd> {
    const answer = await this.#request(leg, fetch)
    if (typeof answer === 'string') return answer
    try {
      return { url: answer.url, root: readDocument(answer.contentType, answer.body, answer.url) }
    } catch (error) {
      if (error instanceof DocumentError) return this.fail(leg, error.code, error.message)
      throw error
    }
  }

  /** A URL in the document, resolved; an unusable one ends the leg as Twilio's error. */
  resolve (leg: Leg, ref: string, documentUrl: string): string | 'error' {
    return resolveUrl(ref, documentUrl) ?? this.fail(leg, TwilioErrors.invalidUrl, `"${ref.slice(0, 200)}" is not a URL Twilio can request`)
  }

  /** Runs a document's verbs: the next request, or how the leg ended. */
  async #execute (leg: Leg, doc: Doc): Promise<Fetch | LegEnd> {
    for (const verb of children(doc.root)) {
      const step = await this.#verb(leg, verb, doc)
      if (step !== undefined) return step
    }
    return 'done'
  }

  /** One verb; a step when the document is left, undefined to go on with the next verb. */
  async #verb (leg: Leg, verb: XmlElement, doc: Doc): Promise<Step> {
    if (prompt(this, leg, verb)) return undefined
    if (leg.role === 'hold' && verb.name !== 'Redirect') {
      this.emit({ type: 'note', leg: leg.name, text: `<${verb.name}> is not allowed in wait music (Twilio error 13238); skipped` })
      return undefined
    }
    switch (verb.name) {
      case 'Gather': return gather(this, leg, verb, doc)
      case 'Redirect': return redirect(this, leg, verb, doc)
      case 'Hangup':
        this.emit({ type: 'hangup', leg: leg.name })
        return 'hangup'
      case 'Reject':
        this.emit({ type: 'reject', leg: leg.name, reason: attr(verb, 'reason') ?? 'rejected' })
        return 'rejected'
      case 'Record': return record(this, leg, verb, doc)
      case 'Start': return start(this, leg, verb)
      case 'Dial':
        if (leg.role !== 'caller') break
        return await runDial(this, leg, verb, doc.url)
    }
    this.emit({ type: 'note', leg: leg.name, text: `<${verb.name}> is not simulated${leg.role === 'caller' ? '' : ' on this leg'}; skipped` })
    return undefined
  }
}

const RESULTS: Record<LegEnd, CallResult> = {
  done: 'completed',
  hangup: 'completed',
  rejected: 'rejected',
  error: 'error',
  external: 'external',
  loop: 'loop'
}

/**
 * Plays a whole call against a twimlet URL as Twilio would: the voice URL requested with the
 * caller's parameters, every verb of every document run, the people behaving as scripted.
 */
export async function simulate (service: Service, url: string, script: Script): Promise<Transcript> {
  const call = new Call(service, script)
  const callSid = call.sids.next('CA')
  const caller: Leg = {
    name: 'caller',
    role: 'caller',
    params: callerParams(script, callSid),
    keys: (() => {
      let next = 0
      return () => script.digits[next++]
    })()
  }
  const end = await call.runLeg(caller, { url, method: script.method, extra: {} })
  stopTranscriptions(call)
  await call.runLater()
  return {
    url,
    method: script.method,
    result: call.error !== undefined ? 'error' : RESULTS[end],
    error: call.error,
    events: call.events,
    rang: call.rang,
    bridged: call.bridged,
    requests: call.requests
  }
}
