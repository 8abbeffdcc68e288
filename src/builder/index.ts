import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BadRequest } from '../http/answer.js'
import type { Config } from '../config.js'
import { Limits } from '../params/limits.js'
import type { SandboxPool } from '../simulator/pool.js'
import type { Sandbox } from '../simulator/sandbox.js'
import { spendingHook, type Spend } from '../security/rate-limit.js'
import { OUTCOMES, readAt, readScript, ScriptError, type ScriptInput } from '../simulator/script.js'
import type { Twimlet } from '../twimlet/twimlet.js'
import { formsFor } from './forms.js'
import { PAGE_HEADERS, PUBLIC_NEAR, readPages } from './static.js'
import { PAGE_LANGUAGES, PAGE_TEXTS, pageLanguage } from './text/index.js'

export interface BuilderOptions {
  config: Config
  twimlets: readonly Twimlet[]
  /** The budget each request to /api/* spends, when there is one. */
  limit?: Spend | undefined
}

/** Simulations waiting for a sandbox, per sandbox; past them, 429. */
const WAITING_PER_SANDBOX = 4

/** The API's JSON bodies hold a URL and a script: far less than this. */
const API_BODY_LIMIT = 32 * 1024

function readTypedUrl (value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new BadRequest('url is required: the twimlet URL to check or simulate')
  if (value.length > Limits.requestUrl) throw new BadRequest(`url is ${value.length} characters; at most ${Limits.requestUrl} are accepted`)
  return value.trim()
}

/** The page's language, as it sends it (`ja`, `ja-JP`); other languages get English. */
function readLang (value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length > 35) throw new BadRequest('lang must be a language code: en or ja')
  return value
}

function bodyOf (request: FastifyRequest): Record<string, unknown> {
  const body = request.body
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the body must be a JSON object')
  return body as Record<string, unknown>
}

function absolute (typed: string, base: string): string {
  let url: URL
  try {
    url = new URL(typed, base)
  } catch {
    throw new BadRequest('url is not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadRequest('url must be an http(s) URL')
  return url.href
}

/** A folder of this service: where a twimlets.com line moves to. */
function folder (text: string, what: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new BadRequest(`${what} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadRequest(`${what} must be an http(s) URL`)
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`
  return url.href
}

/** The request's `base`, else the operator's PUBLIC_URL, else the origin the request came to. */
function baseOf (request: FastifyRequest, typed: unknown, config: Config): string {
  if (typeof typed === 'string' && typed.trim() !== '') {
    if (typed.length > Limits.urlLength) throw new BadRequest(`base is ${typed.length} characters; at most ${Limits.urlLength} are accepted`)
    return folder(typed.trim(), 'base')
  }
  if (typed !== undefined && typeof typed !== 'string') throw new BadRequest('base must be a URL')
  if (config.publicUrl !== undefined) return folder(config.publicUrl, 'PUBLIC_URL')
  return folder(`${request.protocol}://${request.host}/`, 'the request\'s origin')
}

/**
 * The URL builder page at / and the JSON API behind it: the forms, a check of a URL, and a
 * simulated call. These are for people, not Twilio, so they sit outside the signature check.
 * Simulations run in a sandbox (src/simulator/sandbox.ts): no e-mail, no S3.
 */
export async function builder (app: FastifyInstance, options: BuilderOptions): Promise<void> {
  // A missing page must not keep the service from answering calls.
  const pages = await readPages()
  if (pages === undefined) app.log.warn({ near: PUBLIC_NEAR }, 'the URL builder page (public/) is not installed; / is not served, its API is')
  const names = options.twimlets.map((twimlet) => twimlet.name)
  // The page's words and forms in each language, put together once.
  const described = new Map(PAGE_LANGUAGES.map((lang) => {
    const { page, ui, outcomes, results } = PAGE_TEXTS[lang]
    return [lang, { lang, languages: PAGE_LANGUAGES, text: { page, ui, outcomes, results }, twimlets: formsFor(names, lang), outcomes: OUTCOMES, maxListRows: Limits.listLength }]
  }))
  let checking: Promise<Sandbox> | undefined
  let simulating: SandboxPool | undefined
  app.addHook('onClose', async () => {
    if (checking !== undefined) await (await checking).close()
    await simulating?.close()
  })
  const onRequest = spendingHook(options.limit)
  const api = onRequest === undefined ? {} : { onRequest }

  // The checker and the simulator load with the first request for them, not at start-up: a
  // service that only answers calls never needs them.
  const check = async (request: FastifyRequest, input: Record<string, unknown>): Promise<object> => {
    const typed = readTypedUrl(input.url)
    const base = baseOf(request, input.base, options.config)
    const at = readAt(input.at)
    const [{ checkUrl }, { openSandbox }] = await Promise.all([import('./check.js'), import('../simulator/sandbox.js')])
    if (at === undefined) {
      checking ??= openSandbox(options)
      const sandbox = await checking
      try {
        return await checkUrl(typed, options.twimlets, sandbox, { base })
      } finally {
        // What the stand-ins noted is for simulations; kept here it would only grow.
        sandbox.notes()
      }
    }
    // As of another moment: a sandbox of its own, whose clock starts there.
    const sandbox = await openSandbox({ ...options, at })
    try {
      return await checkUrl(typed, options.twimlets, sandbox, { base, at })
    } finally {
      await sandbox.close()
    }
  }

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: API_BODY_LIMIT }, (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)))
      } catch {
        done(new BadRequest('the body is not JSON'), undefined)
      }
    })

    scope.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply: FastifyReply) => {
      const status = error instanceof ScriptError ? 400 : error.statusCode ?? 500
      if (status >= 500) request.log.error({ err: error }, 'builder request failed')
      return await reply.code(status).send({ statusCode: status, error: error.name, message: status >= 500 ? 'Internal error' : error.message })
    })

    for (const [path, page] of pages ?? []) {
      scope.get(path, async (_request, reply) => await reply.headers(PAGE_HEADERS).type(page.type).send(page.body))
    }

    scope.get('/api/twimlets', api, async (request) => described.get(pageLanguage((request.query as Record<string, unknown>).lang)))

    scope.get('/api/check', api, async (request) => await check(request, request.query as Record<string, unknown>))
    scope.post('/api/check', api, async (request) => await check(request, bodyOf(request)))

    scope.post('/api/simulate', api, async (request) => {
      const body = bodyOf(request)
      const [{ simulate }, { serviceBase }, { SandboxPool }, { SANDBOX_BASE, openSandbox }, { transcriptText }, { summarize }, { flowSvg }] = await Promise.all([
        import('../simulator/call.js'),
        import('../simulator/http.js'),
        import('../simulator/pool.js'),
        import('../simulator/sandbox.js'),
        import('../simulator/transcript.js'),
        import('../simulator/summary.js'),
        import('../simulator/flow.js')
      ])
      const url = absolute(readTypedUrl(body.url), SANDBOX_BASE)
      const script = readScript(body as ScriptInput)
      const lang = readLang(body.lang)
      const told = { lang, parties: script.parties }
      const at = readAt(body.at)
      const run = async (sandbox: Sandbox): Promise<object> => {
        const transcript = await simulate(sandbox.service(serviceBase(url)), url, script)
        return { transcript, text: transcriptText(transcript, told), summary: summarize(transcript, told), flow: flowSvg(transcript, told) }
      }
      const size = options.config.simulateConcurrency
      simulating ??= new SandboxPool({ ...options, size, waiting: size * WAITING_PER_SANDBOX })
      if (at === undefined) return await simulating.run(run)
      // As of another moment: a sandbox of its own, whose clock starts there, in a pooled one's turn.
      return await simulating.run(async () => {
        const sandbox = await openSandbox({ ...options, at })
        try {
          return await run(sandbox)
        } finally {
          await sandbox.close()
        }
      })
    })
  })
}
