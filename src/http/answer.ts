import type { FastifyReply, FastifyRequest } from 'fastify'
import { Limits } from '../params/limits.js'
import type { Metrics } from '../observability/metrics.js'
import { Params, type ParamIssue } from '../params/params.js'
import { problemAnswer } from '../i18n/problem-answer.js'
import { ConfigProblem } from '../params/problems.js'
import type { Services } from '../services.js'
import type { CachedAnswer, ResponseCache } from './response-cache.js'
import type { Reply, Twimlet, TwimletRequest } from '../twimlet/twimlet.js'
import { publicUrlOf } from '../security/verify.js'
import { DeclaredNames } from '../twimlet/twimlet-params.js'
import { Links } from '../params/urls.js'
import { sendAtTurnEnd } from './write-batch.js'

interface Form { search: string }

declare module 'fastify' {
  interface FastifyRequest {
    twimlet: { name: string, stage?: string, callSid?: string } | null
  }
}

/** A request no Twilio would send: answered 4xx, with the reason. */
export class BadRequest extends Error {
  readonly statusCode = 400
  constructor (message: string) {
    super(message)
    this.name = 'BadRequest'
  }
}

export function queryOf (url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? '' : url.slice(at + 1)
}

export function pathOf (url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? url : url.slice(0, at)
}

export interface AnswerContext {
  services: Services
  metrics: Metrics
  /** Where pure twimlets' answers are kept; none, and every request is computed. */
  cache?: ResponseCache | undefined
}

/** Something to log about an answer: a parameter's problem, or a configuration problem. */
interface Note extends ParamIssue {
  code?: string
  /** For a name the twimlet does not declare: the one it most likely meant. */
  suggestion?: string | undefined
}

const LOG_LEVEL = { error: 'error', warning: 'warn', info: 'info' } as const satisfies Record<ParamIssue['level'], string>

interface Computed {
  xml: string
  stage: string
  issues: readonly Note[]
  effects: boolean
  status: number | undefined
  until: number | undefined
}

/** A twimlet's answer, or a spoken configuration problem when it found one. */
function replyOrProblem (error: unknown, params: Params, request: TwimletRequest, notes: Note[]): Reply {
  if (!(error instanceof ConfigProblem)) throw error
  notes.push({ level: 'warning', code: error.code, param: error.param, message: `configuration problem: ${error.message}` })
  return { stage: 'config-problem', twiml: problemAnswer(error.code, params, request.services.config) }
}

function written (reply: Reply, params: Params, request: TwimletRequest, notes: Note[]): Computed {
  let result = reply
  let xml = result.twiml.toString()
  if (Buffer.byteLength(xml) > Limits.twimlBytes) {
    notes.push({ level: 'error', code: 'TW_TWIML_TOO_LARGE', param: 'URL', message: `the answer would exceed Twilio's ${Limits.twimlBytes} bytes` })
    result = { stage: 'config-problem', twiml: problemAnswer('TW_TWIML_TOO_LARGE', params, request.services.config) }
    xml = result.twiml.toString()
  }
  const lines = new Set<string>()
  for (const issue of params.issues) {
    const line = `${issue.param} ${issue.message}`
    if (!lines.has(line)) notes.push({ level: issue.level, param: issue.param, message: line })
    lines.add(line)
  }
  return { xml, stage: result.stage, issues: notes, effects: result.effects === true, status: result.status, until: result.until }
}

/**
 * Runs the twimlet. Most answer at once, and they are answered without a promise: an async
 * step costs every request a turn of the microtask queue, and Fastify one more.
 */
function compute (twimlet: Twimlet, params: Params, request: TwimletRequest, notes: Note[]): Computed | Promise<Computed> {
  let result: Reply | Promise<Reply>
  try {
    result = twimlet.handle(request)
  } catch (error) {
    result = replyOrProblem(error, params, request, notes)
  }
  if (result instanceof Promise) {
    return result.then(
      (reply) => written(reply, params, request, notes),
      (error: unknown) => written(replyOrProblem(error, params, request, notes), params, request, notes)
    )
  }
  return written(result, params, request, notes)
}

/**
 * The names of the query the twimlet does not declare, as notes. They are found only when an
 * answer is computed: the query is part of the response cache's key, so a kept answer carries
 * them, and a request answered from the cache looks at no name.
 */
function unknownNotes (declared: DeclaredNames, params: Params): Note[] {
  return declared.unknown(params.queryNames(), false).map((unknown) => ({
    level: 'warning',
    param: unknown.name,
    message: `${unknown.name} ${declared.message(unknown)}`,
    suggestion: unknown.suggestion
  }))
}

/**
 * Runs a twimlet for one request: parameters in, TwiML out, every problem logged by name. A
 * pure twimlet's answer is kept and given again to requests that read the same parameters.
 */
export function answerWith (twimlet: Twimlet, context: AnswerContext) {
  const cache = twimlet.pure === true ? context.cache : undefined
  const declared = new DeclaredNames(twimlet)
  /** Logs and counts the answer, and says it is a TwiML document; the caller sends it. */
  const finish = (request: FastifyRequest, reply: FastifyReply, params: Params, answer: CachedAnswer): string => {
    if (answer.issues.length > 0) {
      const log = request.log.child({ twimlet: twimlet.name, callSid: request.twimlet?.callSid })
      for (const note of answer.issues as readonly Note[]) {
        const fields = note.code !== undefined
          ? { code: note.code, param: note.param }
          : note.suggestion !== undefined ? { param: note.param, suggestion: note.suggestion } : { param: note.param }
        log[LOG_LEVEL[note.level]](fields, note.message)
      }
    }
    const dialStatus = params.string('DialCallStatus', 32) ?? params.string('DialStatus', 32)
    if (dialStatus !== undefined && params.has('Dial')) context.metrics.dialOutcome(twimlet.name, dialStatus)
    if (request.twimlet !== null) request.twimlet.stage = answer.stage
    if (answer.status !== undefined) reply.code(answer.status)
    reply.type('text/xml; charset=utf-8')
    return answer.xml
  }
  // Not an async function: most answers are ready at once (see compute), and are sent at the
  // end of the event loop's turn with the others (src/http/write-batch.ts).
  const send = (request: FastifyRequest, reply: FastifyReply, params: Params, answer: CachedAnswer): undefined => {
    sendAtTurnEnd(reply, finish(request, reply, params, answer))
    return undefined
  }
  return (request: FastifyRequest, reply: FastifyReply): undefined | Promise<string> => {
    const url = request.raw.url ?? '/'
    if (url.length > Limits.requestUrl) throw new BadRequest(`the URL is ${url.length} characters; at most ${Limits.requestUrl} are accepted`)
    const query = queryOf(url)
    const path = pathOf(url)
    const params = Params.fromSearch(query, (request.body as Form | undefined)?.search)
    if (params.size > Limits.parameters) throw new BadRequest(`${params.size} parameters; at most ${Limits.parameters} are accepted`)
    request.twimlet = { name: twimlet.name, callSid: params.string('CallSid', 64) }

    // One cache serves every twimlet: the name keeps /whisper?x apart from /conference?x. The
    // path's trailing slash changes the relative URLs written; the query narrows the search.
    const key = `${twimlet.name}${path.endsWith('/') ? '/' : ''}?${query}`
    const cached = cache?.get(key, params)
    if (cache !== undefined) (cached === undefined ? context.metrics.responseCacheMiss : context.metrics.responseCacheHit).inc()
    if (cached !== undefined) return send(request, reply, params, cached)
    const keep = cache?.admits(key) === true
    const reads = keep ? params.record() : undefined
    const { config } = context.services
    const links = new Links(path, { href: () => publicUrlOf(request, config), fixed: config.publicUrl !== undefined })
    const keeping = (computed: Computed): Computed => {
      if (reads !== undefined) {
        params.stopRecording()
        // The cache's key has no host in it: an answer naming the request's Host is not given again.
        if (!computed.effects && !links.hostBound) cache?.set(key, { ...computed, reads })
      }
      return computed
    }
    const computed = compute(twimlet, params, { params, links, services: context.services }, unknownNotes(declared, params))
    if (computed instanceof Promise) return computed.then((done) => finish(request, reply, params, keeping(done)))
    return send(request, reply, params, keeping(computed))
  }
}
