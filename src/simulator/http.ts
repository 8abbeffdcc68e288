import type { FastifyInstance } from 'fastify'
import { signature } from '../security/signature.js'
import type { Method } from './script.js'

export interface ServiceRequest {
  method: Method
  /** Absolute; for a GET, the form is appended to its query. */
  url: string
  form: ReadonlyArray<readonly [string, string]>
}

export interface ServiceResponse {
  status: number
  contentType: string
  location?: string | undefined
  body: string
  /** What the service did besides answering, when it can say (a simulation's stand-ins). */
  notes?: string[] | undefined
}

/** Where a simulated call's requests go: the service under simulation. */
export interface Service {
  /** True for URLs of the service under simulation; others are reported, never fetched. */
  owns: (url: string) => boolean
  request: (request: ServiceRequest) => Promise<ServiceResponse>
}

/** Twilio gives up on a URL that takes longer than this. */
export const REQUEST_TIMEOUT_MS = 15_000
/** Read no more of an answer than this: far beyond the largest document Twilio accepts. */
const MAX_BODY_BYTES = 1024 * 1024

/**
 * The base of the service a twimlet URL belongs to: its folder. From
 * https://calls.example.com/lines/findme?…, https://calls.example.com/lines/; findme/ counts as findme.
 */
export function serviceBase (twimletUrl: string): string {
  const url = new URL(twimletUrl)
  url.search = ''
  url.hash = ''
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/[^/]*$/, '')
  return url.href
}

function owner (base: string): (url: string) => boolean {
  const root = new URL(base)
  return (text) => {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      return false
    }
    return url.origin === root.origin && url.pathname.startsWith(root.pathname)
  }
}

/** The URL as requested: for a GET, Twilio's parameters appended to the query. */
export function requestedUrl (request: ServiceRequest): string {
  if (request.method === 'POST' || request.form.length === 0) return request.url
  const url = new URL(request.url)
  const extra = new URLSearchParams(request.form.map(([name, value]) => [name, value])).toString()
  url.search = url.search === '' ? `?${extra}` : `${url.search}&${extra}`
  return url.href
}

function formBody (request: ServiceRequest): string | undefined {
  return request.method === 'POST' ? new URLSearchParams(request.form.map(([name, value]) => [name, value])).toString() : undefined
}

export interface InjectOptions {
  /** The public base URL the app is taken to answer at; its paths map onto the app's. */
  base: string
  /** Reads (and empties) what the app's services did since the last request. */
  notes?: (() => string[]) | undefined
}

/** The app in this process, requested through Fastify's inject: nothing goes over the network. */
export function injectService (app: FastifyInstance, options: InjectOptions): Service {
  const owns = owner(options.base)
  const prefix = new URL(options.base).pathname
  return {
    owns,
    async request (request) {
      const url = new URL(requestedUrl(request))
      const path = `/${url.pathname.slice(prefix.length)}${url.search}`
      const payload = formBody(request)
      const res = await app.inject({
        method: request.method,
        url: path,
        ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      })
      const location = res.headers.location
      return {
        status: res.statusCode,
        contentType: String(res.headers['content-type'] ?? ''),
        location: typeof location === 'string' ? location : undefined,
        body: res.body,
        notes: options.notes?.()
      }
    }
  }
}

export interface HttpOptions {
  base: string
  /** Signs every request as Twilio does (X-Twilio-Signature), for services that check. */
  authToken?: string | undefined
  timeoutMs?: number | undefined
}

async function readCapped (res: Response): Promise<string> {
  if (res.body === null) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body) {
    size += chunk.byteLength
    if (size > MAX_BODY_BYTES) throw new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A service at an http(s) base URL, requested over the network as Twilio would. */
export function httpService (options: HttpOptions): Service {
  return {
    owns: owner(options.base),
    async request (request) {
      const url = requestedUrl(request)
      const body = formBody(request)
      const headers: Record<string, string> = { 'user-agent': 'twimlets-simulator' }
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
      if (options.authToken !== undefined) {
        headers['x-twilio-signature'] = signature(options.authToken, url, request.method === 'POST' ? request.form : [])
      }
      const res = await fetch(url, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS)
      })
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        location: res.headers.get('location') ?? undefined,
        body: await readCapped(res)
      }
    }
  }
}
