import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { simulate } from '../../../src/simulator/call.js'
import { httpService, requestedUrl, serviceBase } from '../../../src/simulator/http.js'
import { readScript } from '../../../src/simulator/script.js'
import type { SimEvent } from '../../../src/simulator/transcript.js'
import { testApp } from '../../fixtures/app.js'
import { matchEach } from '../../fixtures/simulate.js'
import { testFolder } from '../../fixtures/folder.js'

/** The simulator over the network, against a loopback server that answers what each test needs. */

interface Seen { method: string, url: string, body: string }
type Route = (req: IncomingMessage, res: ServerResponse) => void

const seen: Seen[] = []
const routes = new Map<string, Route>()
const xml = (body: string): Route => (_req, res) => { res.writeHead(200, { 'content-type': 'text/xml' }).end(`<?xml version="1.0"?>${body}`) }
const redirect = (status: number, location: string): Route => (_req, res) => { res.writeHead(status, { location }).end() }

const server = createServer((req, res) => {
  let body = ''
  req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', body })
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname)
    if (route === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('not here')
    else route(req, res)
  })
})
server.listen(0, '127.0.0.1')
await once(server, 'listening')
t.teardown(() => { server.closeAllConnections(); server.close() })
const BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/`

routes.set('/app/start', redirect(302, 'moved'))
routes.set('/app/moved', xml('<Response><Say>Hi</Say><Redirect method="GET">../app/next?x=1</Redirect></Response>'))
routes.set('/app/next', xml('<Response><Play>tone.mp3</Play><Redirect>/elsewhere</Redirect></Response>'))
routes.set('/app/text', (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Hello there') })
routes.set('/app/audio', (_req, res) => { res.writeHead(200, { 'content-type': 'audio/mpeg' }).end('ID3') })
routes.set('/app/json', (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end('{}') })
routes.set('/app/bad-xml', xml('<Response><Say>Hi</Response>'))
routes.set('/app/not-twiml', xml('<html><body>Hi</body></html>'))
routes.set('/app/fails', (_req, res) => { res.writeHead(500).end() })
routes.set('/app/again', xml('<Response><Pause/><Redirect/></Response>'))
routes.set('/app/circle', redirect(307, 'circle'))
routes.set('/app/away', redirect(301, 'https://example.com/elsewhere'))
routes.set('/app/hang', () => {})
routes.set('/app/big', xml(`<Response>${'<Pause/>'.repeat(10_000)}</Response>`))
routes.set('/app/count', (req, res) => {
  const n = Number(new URL(req.url ?? '', 'http://x').searchParams.get('n') ?? '0')
  xml(`<Response><Redirect>count?n=${n + 1}</Redirect></Response>`)(req, res)
})

async function play (path: string, script = {}, timeoutMs?: number): Promise<Awaited<ReturnType<typeof simulate>>> {
  return await simulate(httpService({ base: BASE, timeoutMs }), `${BASE}${path}`, readScript(script))
}

function requestsOf (events: SimEvent[]): Array<Extract<SimEvent, { type: 'request' }>> {
  return events.filter((e): e is Extract<SimEvent, { type: 'request' }> => e.type === 'request')
}

t.test('serviceBase: the folder of the twimlet', async (t) => {
  t.equal(serviceBase('https://calls.example.com/findme?a=1'), 'https://calls.example.com/')
  t.equal(serviceBase('https://calls.example.com/lines/findme/?a=1#x'), 'https://calls.example.com/lines/')
  t.equal(serviceBase('http://127.0.0.1:3000/lines/findme'), 'http://127.0.0.1:3000/lines/')
})

t.test('requestedUrl: a GET carries the form in its query; a POST leaves the URL alone', async (t) => {
  const form = [['CallSid', 'CA1'], ['From', '+1 510']] as const
  t.equal(requestedUrl({ method: 'GET', url: 'https://x/findme?A[]=1', form }), 'https://x/findme?A[]=1&CallSid=CA1&From=%2B1+510')
  t.equal(requestedUrl({ method: 'GET', url: 'https://x/findme', form }), 'https://x/findme?CallSid=CA1&From=%2B1+510')
  t.equal(requestedUrl({ method: 'POST', url: 'https://x/findme', form }), 'https://x/findme')
})

t.test('HTTP redirects are followed (POST becomes GET after a 302), relative URLs resolve, other sites are named', async (t) => {
  seen.length = 0
  const transcript = await play('start')
  matchEach(t, transcript.events, [
    { type: 'request', method: 'POST', url: `${BASE}start`, status: 302, location: `${BASE}moved` },
    { type: 'request', method: 'GET', url: `${BASE}moved`, status: 200 },
    { type: 'say', text: 'Hi' },
    { type: 'request', method: 'GET', url: `${BASE}next?x=1`, status: 200 },
    { type: 'play', url: 'tone.mp3' },
    { type: 'external', url: `${BASE.replace(/app\/$/, '')}elsewhere` }
  ])
  t.equal(transcript.result, 'external')
  t.match(seen[0], { method: 'POST', url: '/app/start', body: /CallSid=CA[0-9a-f]{32}&CallStatus=ringing/ })
  t.match(seen[1], { method: 'GET', url: /^\/app\/moved\?AccountSid=AC0+&.*CallStatus=ringing/ })
  t.match(seen[2], { method: 'GET', url: /^\/app\/next\?x=1&AccountSid=.*CallStatus=in-progress/ })
})

t.test('answers Twilio takes as they are: plain text is said, audio is played', async (t) => {
  matchEach(t, (await play('text')).events, [{ type: 'request', status: 200 }, { type: 'say', text: 'Hello there' }])
  matchEach(t, (await play('audio')).events, [{ type: 'request', status: 200 }, { type: 'play', url: `${BASE}audio` }])
})

t.test('answers Twilio cannot use end the call with its error code', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['json', '12300', /content type "application\/json"/],
    ['bad-xml', '12100', /not well-formed/],
    ['not-twiml', '12100', /<html>, not <Response>/],
    ['big', '11750', /larger than 65536 bytes/],
    ['fails', '11200', /HTTP 500/],
    ['missing', '11200', /HTTP 404/],
    ['circle', '11200', /more than 10 HTTP redirects/]
  ]
  for (const [path, code, message] of cases) {
    const transcript = await play(path)
    t.match(transcript, { result: 'error', error: { code, message } }, path)
    t.match(transcript.events.at(-1), { type: 'error', leg: 'caller', code }, path)
  }
  const hung = await play('hang', {}, 200)
  t.match(hung, { result: 'error', error: { code: '11205', message: /no answer from/ } })
})

t.test('a document that asks for itself again, with nothing new said, is a loop', async (t) => {
  const transcript = await play('again')
  t.same(transcript.events.map((e) => e.type), ['request', 'pause', 'loop'])
  t.equal(transcript.result, 'loop')
})

t.test('an endless chain of different URLs stops at the request limit', async (t) => {
  const transcript = await play('count', { maxRequests: 5 })
  t.equal(requestsOf(transcript.events).length, 5)
  t.match(transcript, { result: 'error', error: { code: 'too-many-requests' } })
})

t.test('a redirect to another site is named, not fetched', async (t) => {
  const transcript = await play('away')
  matchEach(t, transcript.events, [{ type: 'request', status: 301, location: 'https://example.com/elsewhere' }, { type: 'external', url: 'https://example.com/elsewhere' }])
})

t.test('with an auth token, requests are signed as Twilio signs them: a service that checks accepts them', async (t) => {
  const app = await testApp(t, { config: { authTokens: ['0123456789abcdef'], outboxDir: testFolder(t) } })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `${address}/`
  const url = `${base}forward?PhoneNumber=%2B14155551001`
  for (const method of ['POST', 'GET'] as const) {
    const signed = await simulate(httpService({ base, authToken: '0123456789abcdef' }), url, readScript({ method, parties: { '+14155551001': 'busy' } }))
    t.same(requestsOf(signed.events).map((r) => r.status), [200, 200], method)
    t.equal(signed.result, 'completed', method)
  }
  const unsigned = await simulate(httpService({ base }), url, readScript())
  t.match(unsigned, { result: 'error', error: { code: '11200', message: /HTTP 403/ } })
})
