import { Writable } from 'node:stream'
import t from 'tap'
import twilio from 'twilio'
import { buildApp } from '../../../src/app.js'
import type { Config } from '../../../src/config.js'
import { CALL, testApp } from '../../fixtures/app.js'
import { response, parseTwiml } from '../../fixtures/twiml.js'

const TOKEN = 'f4e1d2c3b4a5968778695a4b3c2d1e0f'
const OLD_TOKEN = '0f1e2d3c4b5a69788796a5b4c3d2e1f4'
const PATH = '/forward?PhoneNumber=%2B14155551001'
const DIAL = response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>')
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' }

const sign = (url: string, params: Record<string, string> = {}, token = TOKEN): string => twilio.getExpectedTwilioSignature(token, url, params)
const form = (params: Record<string, string>): string => new URLSearchParams(params).toString()

async function secured (t: Parameters<typeof testApp>[0], config: Partial<Config> = {}) {
  return await testApp(t, { config: { authTokens: [TOKEN], ...config } })
}

t.test('POST signed for the public URL under a prefix (PUBLIC_URL)', async (t) => {
  const app = await secured(t, { publicUrl: 'https://calls.example.com/lines' })
  const url = `https://calls.example.com/lines${PATH}`
  t.ok(twilio.validateRequest(TOKEN, sign(url, CALL), url, CALL), 'the twilio package agrees the signature is good')
  const res = await app.inject({ method: 'POST', url: PATH, payload: form(CALL), headers: { ...FORM_HEADERS, 'x-twilio-signature': sign(url, CALL) } })
  t.equal(res.statusCode, 200)
  t.same(parseTwiml(res.body), DIAL)
  const withPort = await app.inject({ method: 'POST', url: PATH, payload: form(CALL), headers: { ...FORM_HEADERS, 'x-twilio-signature': sign(`https://calls.example.com:443/lines${PATH}`, CALL) } })
  t.equal(withPort.statusCode, 200, 'signed with the default port')
})

t.test('GET: the signature covers the URL with Twilio\'s parameters appended, and nothing else', async (t) => {
  const app = await secured(t, { publicUrl: 'https://calls.example.com' })
  const path = `${PATH}&${form(CALL)}`
  const res = await app.inject({ method: 'GET', url: path, headers: { 'x-twilio-signature': sign(`https://calls.example.com${path}`) } })
  t.equal(res.statusCode, 200)
  t.same(parseTwiml(res.body), DIAL)
  const changed = await app.inject({ method: 'GET', url: path.replace('From=%2B15105551212', 'From=%2B15105550000'), headers: { 'x-twilio-signature': sign(`https://calls.example.com${path}`) } })
  t.equal(changed.statusCode, 403)
})

t.test('behind a proxy (TRUST_PROXY): X-Forwarded-Proto and -Host make the URL', async (t) => {
  const app = await secured(t, { trustProxy: true })
  const url = `https://calls.example.com:8443${PATH}`
  const headers = { ...FORM_HEADERS, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'calls.example.com:8443', 'x-twilio-signature': sign(url, CALL) }
  t.equal((await app.inject({ method: 'POST', url: PATH, payload: form(CALL), headers })).statusCode, 200)
  const untrusted = await secured(t)
  t.equal((await untrusted.inject({ method: 'POST', url: PATH, payload: form(CALL), headers })).statusCode, 403, 'forwarded headers are ignored unless trusted')
})

t.test('without PUBLIC_URL or a trusted proxy, the Host header makes the URL', async (t) => {
  const app = await secured(t)
  const url = `http://twimlets.internal:3000${PATH}`
  const res = await app.inject({ method: 'POST', url: PATH, payload: form(CALL), headers: { ...FORM_HEADERS, host: 'twimlets.internal:3000', 'x-twilio-signature': sign(url, CALL) } })
  t.equal(res.statusCode, 200)
})

t.test('a token being rotated out still works alongside the new one', async (t) => {
  const app = await testApp(t, { config: { authTokens: [TOKEN, OLD_TOKEN], publicUrl: 'https://calls.example.com' } })
  const url = `https://calls.example.com${PATH}`
  for (const token of [TOKEN, OLD_TOKEN]) {
    const res = await app.inject({ method: 'POST', url: PATH, payload: form(CALL), headers: { ...FORM_HEADERS, 'x-twilio-signature': sign(url, CALL, token) } })
    t.equal(res.statusCode, 200)
  }
})

t.test('refused: a changed parameter, a signature replayed on another URL, a missing header', async (t) => {
  const app = await secured(t, { publicUrl: 'https://calls.example.com' })
  const url = `https://calls.example.com${PATH}`
  const signature = sign(url, CALL)
  const cases: Array<[string, { url: string, payload: string, signature?: string }]> = [
    ['changed parameter', { url: PATH, payload: form({ ...CALL, From: '+15105550000' }), signature }],
    ['added parameter', { url: PATH, payload: form({ ...CALL, Digits: '1' }), signature }],
    ['replayed on another URL', { url: '/forward?PhoneNumber=%2B19005550000', payload: form(CALL), signature }],
    ['replayed on another twimlet', { url: PATH.replace('forward', 'callme'), payload: form(CALL), signature }],
    ['missing header', { url: PATH, payload: form(CALL) }],
    ['another account', { url: PATH, payload: form(CALL), signature: sign(url, CALL, 'another-account-token-000000000') }]
  ]
  for (const [name, c] of cases) {
    const headers: Record<string, string> = { ...FORM_HEADERS }
    if (c.signature !== undefined) headers['x-twilio-signature'] = c.signature
    const res = await app.inject({ method: 'POST', url: c.url, payload: c.payload, headers })
    t.equal(res.statusCode, 403, name)
    t.match(res.json(), { message: /signed by its Twilio account/ })
  }
})

t.test('refusals are logged without the token; health checks need no signature', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _e, done) { lines.push(chunk.toString()); done() } })
  const app = await buildApp({ config: { authTokens: [TOKEN] }, logger: { level: 'info', stream } })
  t.teardown(async () => await app.close())
  t.equal((await app.inject({ method: 'POST', url: PATH, payload: form(CALL), headers: FORM_HEADERS })).statusCode, 403)
  t.equal((await app.inject('/healthz')).statusCode, 200)
  t.ok(lines.some((l) => l.includes('request refused: not signed by Twilio') && l.includes('"signature":"missing"')))
  t.notOk(lines.some((l) => l.includes(TOKEN)))
})

t.test('without a token, requests are served and the start-up log says they are not verified', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _e, done) { lines.push(chunk.toString()); done() } })
  const app = await buildApp({ logger: { level: 'info', stream } })
  t.teardown(async () => await app.close())
  const res = await app.inject({ method: 'POST', url: PATH, payload: form(CALL), headers: FORM_HEADERS })
  t.equal(res.statusCode, 200)
  t.equal(lines.filter((l) => l.includes('requests are not verified')).length, 1)
})
