import { readFileSync } from 'node:fs'
import Fastify, { LogController } from 'fastify'

/**
 * The yardstick: a bare Fastify route answering one constant document, with the service's
 * server options and the same one JSON log line per request, so the ratio to it measures what
 * the twimlet itself costs. It accepts the same form posts, reading the body but not parsing it.
 */
const body = readFileSync(process.env.BASELINE_BODY_FILE ?? '/dev/null', 'utf8')
const path = process.env.BASELINE_PATH ?? '/'
const BODY_LIMIT = 64 * 1024
const CALL_SID = 'CA00000000000000000000000000000000'

const app = Fastify({
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  bodyLimit: BODY_LIMIT,
  routerOptions: { ignoreTrailingSlash: true },
  logController: new LogController({ disableRequestLogging: true })
})
app.removeAllContentTypeParsers()
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, text, done) => done(null, text))

app.addHook('onResponse', async (request, reply) => {
  const at = request.url.indexOf('?')
  request.log.info({
    twimlet: 'baseline',
    stage: 'constant',
    callSid: CALL_SID,
    method: request.method,
    path: at === -1 ? request.url : request.url.slice(0, at),
    statusCode: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 100) / 100
  }, 'request')
})

app.route({
  method: ['GET', 'POST'],
  url: path,
  handler: async (_request, reply) => {
    reply.type('text/xml; charset=utf-8')
    return body
  }
})

// A clean exit, so `node --cpu-prof` can write its profile.
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })

await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) })
