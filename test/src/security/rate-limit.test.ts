import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import t from 'tap'
import twilio from 'twilio'
import type { Config } from '../../../src/config.js'
import { parseExposition, sampleOf } from '../../fixtures/exposition.js'
import { CALL, loggedApp, testApp } from '../../fixtures/app.js'
import { startRedis } from '../../fixtures/redis.js'

const TOKEN = 'f4e1d2c3b4a5968778695a4b3c2d1e0f'
const PUBLIC = 'https://calls.example.com'
const PATH = '/forward?PhoneNumber=%2B14155551001'
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' }
const BODY = new URLSearchParams(CALL).toString()

async function redisKeys (url: string): Promise<string[]> {
  const client = new Redis(url)
  try {
    return await client.keys('*')
  } finally {
    await client.quit()
  }
}

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

/** A request from `address` (the proxy's client) to a twimlet: its status. */
async function spendFrom (service: Awaited<ReturnType<typeof app>>, address: string, url = PATH): Promise<number> {
  return (await service.inject({ method: 'POST', url, payload: BODY, headers: { ...FORM_HEADERS, 'x-forwarded-for': address } })).statusCode
}

/** Spends a warm-up address's budget until refused: the replica is then connected to Redis. */
async function connected (service: Awaited<ReturnType<typeof app>>, t: { fail: (message: string) => unknown }): Promise<void> {
  const deadline = Date.now() + 10_000
  while (await spendFrom(service, '192.0.2.254') !== 429) {
    if (Date.now() > deadline) {
      t.fail('never connected to Redis')
      return
    }
    await sleep(20)
  }
}

t.test('with REDIS_URL, replicas share each client\'s budget, and keep the twimlets\' and the API\'s apart', async (t) => {
  const redis = await startRedis(t)
  const config = { redisUrl: redis.url, trustProxy: true, rateLimitPerMinute: 4, apiRateLimitPerMinute: 3 }
  const a = await app(t, config)
  const b = await app(t, config)
  await connected(a, t)
  await connected(b, t)
  const statuses = []
  for (let i = 0; i < 6; i++) statuses.push(await spendFrom(i % 2 === 0 ? a : b, '203.0.113.1'))
  t.same(statuses, [200, 200, 200, 200, 429, 429], 'four requests in all, whichever replica answers')
  t.same([await spendFrom(b, '203.0.113.2'), await spendFrom(a, '203.0.113.2')], [200, 200], 'another client has its own budget')
  const api = []
  for (let i = 0; i < 4; i++) api.push((await (i % 2 === 0 ? b : a).inject({ method: 'GET', url: '/api/twimlets', headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode)
  t.same(api, [200, 200, 200, 429], 'the API\'s budget is its own, shared too')
  const refused = await a.inject({ method: 'POST', url: PATH, payload: BODY, headers: { ...FORM_HEADERS, 'x-forwarded-for': '203.0.113.1' } })
  t.match(refused.json(), { statusCode: 429, message: /^At most 4 unsigned requests a minute from one address; try again in \d+ s\.$/ })
  t.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 60)
  const keys = (await redisKeys(redis.url)).sort()
  t.ok(keys.some((key) => key.startsWith('twimlets:rate-limit:') && key.endsWith('twimlets:203.0.113.1')), keys.join(' '))
  t.ok(keys.some((key) => key.startsWith('twimlets:rate-limit:') && key.endsWith('api:203.0.113.1')), keys.join(' '))
})

t.test('with REDIS_URL, a signed request still never spends, and the probes are never limited', async (t) => {
  const redis = await startRedis(t)
  const service = await app(t, { redisUrl: redis.url, authTokens: [TOKEN], publicUrl: PUBLIC, rateLimitPerMinute: 1 })
  // Without TRUST_PROXY the warm-up spends this test's own address (loopback), as the requests below do.
  await connected(service, t)
  for (let i = 0; i < 3; i++) await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: FORM_HEADERS })
  t.equal((await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: FORM_HEADERS })).statusCode, 429)
  const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${PATH}`, CALL)
  for (let i = 0; i < 3; i++) {
    t.equal((await service.inject({ method: 'POST', url: PATH, payload: BODY, headers: { ...FORM_HEADERS, 'x-twilio-signature': signature } })).statusCode, 200)
  }
  for (const path of ['/healthz', '/readyz', '/metrics']) t.equal((await service.inject(path)).statusCode, 200, path)
})

t.test('Redis down: every request is answered (never 429, never 5xx), and the outage is logged', async (t) => {
  const redis = await startRedis(t)
  const { app: service, lines } = await loggedApp(t, { config: { redisUrl: redis.url, trustProxy: true, rateLimitPerMinute: 2 } })
  await connected(service, t)
  t.same([await spendFrom(service, '203.0.113.9'), await spendFrom(service, '203.0.113.9'), await spendFrom(service, '203.0.113.9')], [200, 200, 429])
  await redis.stop()
  const started = Date.now()
  const statuses = []
  for (let i = 0; i < 10; i++) statuses.push(await spendFrom(service, '203.0.113.9'))
  t.same(statuses, Array(10).fill(200), 'let through while Redis is down')
  t.ok(Date.now() - started < 2_000, `without waiting for Redis (${Date.now() - started} ms for 10)`)
  t.match(lines.filter((line) => line.level === 50 && line.redis === 'twimlets-rate-limit'), [{ msg: 'Redis (twimlets-rate-limit) cannot be reached: the connection was lost' }], 'logged once')
  await redis.start()
  await connected(service, t)
  t.same([await spendFrom(service, '203.0.113.9'), await spendFrom(service, '203.0.113.9'), await spendFrom(service, '203.0.113.9')], [200, 200, 429], 'limited again once Redis is back')
  t.equal(lines.filter((line) => line.msg === 'Redis (twimlets-rate-limit) is reachable again').length, 1)
})

t.test('Redis too slow: a request is let through after a quarter of a second, and that is logged, once a minute', async (t) => {
  const redis = await startRedis(t)
  const { app: service, lines } = await loggedApp(t, { config: { redisUrl: redis.url, trustProxy: true, rateLimitPerMinute: 1 } })
  await connected(service, t)
  t.equal(await spendFrom(service, '203.0.113.5'), 200)
  t.equal(await spendFrom(service, '203.0.113.5'), 429)
  const pauser = new Redis(redis.url)
  t.teardown(async () => { await pauser.quit() })
  await pauser.call('CLIENT', 'PAUSE', '4000', 'ALL')
  const started = Date.now()
  t.same([await spendFrom(service, '203.0.113.5'), await spendFrom(service, '203.0.113.5')], [200, 200])
  const took = Date.now() - started
  t.ok(took >= 450 && took < 3_500, `each waited for the command's timeout, not for Redis (${took} ms for 2)`)
  t.match(lines.filter((line) => line.level === 50), [{ limit: 'twimlets', err: /timed out/i, msg: 'the rate limit could not be applied (Redis does not answer); requests are let through meanwhile' }])
})
