import formbody from '@fastify/formbody'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { DEFAULTS, type Config } from './config.js'
import { Params } from './params.js'
import { ConfigProblem } from './problems.js'
import { TwiML } from './twiml.js'
import { createServices, type Services } from './services.js'
import type { Reply, Twimlet } from './twimlet.js'
import { Links } from './urls.js'
import { twimlets } from '../twimlets/index.js'

export interface AppOptions {
  /** Operator settings; anything left out takes its default. */
  config?: Partial<Config>
  /** Fastify's logger setting: false for none, or pino options. */
  logger?: FastifyServerOptions['logger']
  /** The twimlets to serve; all of them unless given. */
  twimlets?: readonly Twimlet[]
}

/** Twilio's form posts are small; anything larger is not from Twilio. */
const BODY_LIMIT = 64 * 1024
const SORRY = 'Sorry, this line could not complete your call. Good bye.'

interface Form { search: string }

declare module 'fastify' {
  interface FastifyRequest {
    twimlet: { name: string, stage?: string, callSid?: string } | null
  }
}

function queryOf (url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? '' : url.slice(at + 1)
}

function pathOf (url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? url : url.slice(0, at)
}

async function answer (twimlet: Twimlet, services: Services, request: FastifyRequest, reply: FastifyReply): Promise<string> {
  const url = request.raw.url ?? '/'
  const params = Params.fromSearch(queryOf(url), (request.body as Form | undefined)?.search)
  const callSid = params.string('CallSid', 64)
  request.twimlet = { name: twimlet.name, callSid }
  let result: Reply
  try {
    result = await twimlet.handle({ params, links: new Links(pathOf(url)), services })
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error
    request.log.warn({ twimlet: twimlet.name, callSid, code: error.code, param: error.param }, `configuration problem: ${error.message}`)
    result = { stage: 'config-problem', twiml: new TwiML().say(error.spoken).hangup() }
  }
  for (const issue of params.issues) {
    request.log.warn({ twimlet: twimlet.name, callSid, param: issue.param }, `${issue.param} ${issue.message}`)
  }
  request.twimlet.stage = result.stage
  reply.type('text/xml; charset=utf-8')
  return result.twiml.toString()
}

/** Builds the service. Everything it needs comes in `options`; it never reads the environment. */
export async function buildApp (options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true },
    // One line per request is logged below, with the twimlet and the CallSid.
    logController: new LogController({ disableRequestLogging: true })
  })
  const config: Config = { ...DEFAULTS, ...options.config }
  const { services, close } = await createServices(config, app.log)
  app.addHook('onClose', close)
  app.decorateRequest('twimlet', null)
  // Twilio only sends forms; any other body is refused with 415 rather than half-understood.
  app.removeAllContentTypeParsers()
  await app.register(formbody, { bodyLimit: BODY_LIMIT, parser: (search: string) => ({ search }) })

  app.addHook('onResponse', async (request, reply) => {
    request.log.info({
      twimlet: request.twimlet?.name,
      stage: request.twimlet?.stage,
      callSid: request.twimlet?.callSid,
      method: request.method,
      path: pathOf(request.url),
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100
    }, 'request')
  })

  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500
    if (status < 500 && request.twimlet === null) {
      return await reply.code(status).send({ statusCode: status, error: error.name, message: error.message })
    }
    // A twimlet failed unexpectedly: the caller still gets a sentence, never a 5xx.
    request.log.error({ err: error, twimlet: request.twimlet?.name }, 'twimlet failed')
    return await reply.code(200).type('text/xml; charset=utf-8').send(new TwiML().say(SORRY).hangup().toString())
  })

  app.get('/healthz', async () => ({ status: 'ok' }))

  for (const twimlet of options.twimlets ?? twimlets) {
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<string> => await answer(twimlet, services, request, reply)
    app.route({ method: ['GET', 'POST'], url: `/${twimlet.name}`, handler })
  }
  return app
}
