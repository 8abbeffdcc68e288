import type { FastifyReply, FastifyRequest } from 'fastify'
import { Limits } from './limits.js'
import type { Metrics } from './metrics.js'
import { Params } from './params.js'
import { ConfigProblem, Problems } from './problems.js'
import type { Services } from './services.js'
import { TwiML, type Speech } from './twiml.js'
import { readSpeech, type Reply, type Twimlet } from './twimlet.js'
import { Links } from './urls.js'

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
}

function spoken (text: string, speech: Speech): TwiML {
  return new TwiML(speech).say(text).hangup()
}

/** Runs a twimlet for one request: parameters in, TwiML out, every problem logged by name. */
export function answerWith (twimlet: Twimlet, context: AnswerContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<string> => {
    const url = request.raw.url ?? '/'
    const params = Params.fromSearch(queryOf(url), (request.body as Form | undefined)?.search)
    if (params.size > Limits.parameters) throw new BadRequest(`${params.size} parameters; at most ${Limits.parameters} are accepted`)
    const callSid = params.string('CallSid', 64)
    request.twimlet = { name: twimlet.name, callSid }
    const log = request.log.child({ twimlet: twimlet.name, callSid })
    let result: Reply
    try {
      result = await twimlet.handle({ params, links: new Links(pathOf(url)), services: context.services })
    } catch (error) {
      if (!(error instanceof ConfigProblem)) throw error
      log.warn({ code: error.code, param: error.param }, `configuration problem: ${error.message}`)
      result = { stage: 'config-problem', twiml: spoken(error.spoken, readSpeech(params)) }
    }
    const seen = new Set<string>()
    for (const issue of params.issues) {
      const line = `${issue.param} ${issue.message}`
      if (!seen.has(line)) log.warn({ param: issue.param }, line)
      seen.add(line)
    }
    const dialStatus = params.string('DialCallStatus', 32) ?? params.string('DialStatus', 32)
    if (dialStatus !== undefined && params.has('Dial')) context.metrics.dialOutcome(twimlet.name, dialStatus)

    let xml = result.twiml.toString()
    if (Buffer.byteLength(xml) > Limits.twimlBytes) {
      log.error({ code: 'TW_TWIML_TOO_LARGE', bytes: Buffer.byteLength(xml) }, `the answer would exceed Twilio's ${Limits.twimlBytes} bytes`)
      result = { stage: 'config-problem', twiml: spoken(Problems.TW_TWIML_TOO_LARGE, readSpeech(params)) }
      xml = result.twiml.toString()
    }
    request.twimlet.stage = result.stage
    reply.type('text/xml; charset=utf-8')
    return xml
  }
}
