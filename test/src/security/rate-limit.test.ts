import t from 'tap'
import twilio from 'twilio'
import type { Config } from '../../../src/config.js'
import { parseExposition, sampleOf } from '../../fixtures/exposition.js'
import { CALL, testApp } from '../../fixtures/app.js'

const TOKEN = 'f4e1d2c3b4a5968778695a4b3c2d1e0f'
const PUBLIC = 'https://calls.example.com'
const PATH = '/forward?PhoneNumber=%2B14155551001'
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' }
const BODY = new URLSearchParams(CALL).toString()

async function app (t: Parameters<typeof testApp>[0], config: Partial<Config>) {
  return await testApp(t, { config })
}

t.test('20 unsigned requests spend the budget; Twilio\'s signed call after them is answered', async (t) => {
  const service = await app(t, { authTokens: [TOKEN], publicUrl: PUBLIC, rateLimitPerMinute: 5 })
  const statuses: number[] = []
  for (let i = 0; i < 20; i++) {
    const forged = i % 2 === 0 ? {} : { 'x-twilio-signature': 'forged' }
    statuses.push((await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: { ...FORM_HEADERS, ...forged } })).statusCode)
  }
  t.same(statuses, [...Array(5).fill(403), ...Array(15).fill(429)])
  const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${PATH}`, CALL)
  t.ok(twilio.validateRequest(TOKEN, signature, `${PUBLIC}${PATH}`, CALL), 'the twilio package agrees it is signed')
  for (let i = 0; i < 10; i++) {
    const res = await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: { ...FORM_HEADERS, 'x-twilio-signature': signature } })
    t.equal(res.statusCode, 200, `signed request ${i + 1}: never limited`)
  }
  const refused = await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: FORM_HEADERS })
  t.equal(refused.statusCode, 429)
  t.match(refused.headers['retry-after'], /^\d+$/)
  t.match(refused.json(), { statusCode: 429, message: /^At most 5 unsigned requests a minute from one address/ })
  const metrics = parseExposition((await service.inject('/metrics')).body)
  t.equal(sampleOf(metrics, 'twimlets_rate_limited_total', { limit: 'twimlets' }), 16)
  t.equal(sampleOf(metrics, 'twimlets_signature_failures_total'), 5, 'a limited request is counted once, as limited')
})

t.test('probes are never limited: /healthz, /readyz and /metrics answer a client past its budget', async (t) => {
  const service = await app(t, { rateLimitPerMinute: 2, apiRateLimitPerMinute: 2 })
  for (let i = 0; i < 4; i++) await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: FORM_HEADERS })
  for (let i = 0; i < 4; i++) await service.inject('/api/twimlets')
  t.equal((await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: FORM_HEADERS })).statusCode, 429, 'the twimlets\' budget is spent')
  t.equal((await service.inject('/api/twimlets')).statusCode, 429, 'and the API\'s')
  for (let i = 0; i < 10; i++) {
    for (const path of ['/healthz', '/readyz', '/metrics']) t.equal((await service.inject(path)).statusCode, 200, `${path} ${i + 1}`)
  }
})

t.test('/api has a budget of its own', async (t) => {
  const service = await app(t, { apiRateLimitPerMinute: 3 })
  const api: number[] = []
  for (let i = 0; i < 5; i++) api.push((await service.inject({ method: 'POST', url: '/api/check', payload: { url: `${PATH}` } })).statusCode)
  t.same(api, [200, 200, 200, 429, 429])
  t.match((await service.inject('/api/twimlets')).json(), { message: /^At most 3 requests to \/api a minute/ })
  t.equal((await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: FORM_HEADERS })).statusCode, 200, 'calls do not share it')
  t.equal((await service.inject('/')).statusCode, 200, 'nor does the page')
  t.equal(sampleOf(parseExposition((await service.inject('/metrics')).body), 'twimlets_rate_limited_total', { limit: 'api' }), 3)
})

t.test('behind a proxy (TRUST_PROXY), each client address has its own budget', async (t) => {
  const from = (address: string) => ({ ...FORM_HEADERS, 'x-forwarded-for': address })
  const spend = async (service: Awaited<ReturnType<typeof app>>, address: string): Promise<number> =>
    (await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: from(address) })).statusCode

  const proxied = await app(t, { trustProxy: true, rateLimitPerMinute: 2 })
  t.same([await spend(proxied, '203.0.113.1'), await spend(proxied, '203.0.113.1'), await spend(proxied, '203.0.113.1')], [200, 200, 429])
  t.equal(await spend(proxied, '203.0.113.2'), 200, 'another client of the proxy is not limited')
  t.equal(await spend(proxied, '198.51.100.7, 203.0.113.1'), 429, 'the address the proxy saw counts, not one the client wrote before it')

  const listed = await app(t, { trustProxy: ['127.0.0.1'], rateLimitPerMinute: 1 })
  t.same([await spend(listed, '203.0.113.1'), await spend(listed, '203.0.113.2')], [200, 200], 'a proxy named by address')

  const direct = await app(t, { rateLimitPerMinute: 2 })
  t.same([await spend(direct, '203.0.113.1'), await spend(direct, '203.0.113.2'), await spend(direct, '203.0.113.3')], [200, 200, 429], 'without TRUST_PROXY the header is not believed')
})
