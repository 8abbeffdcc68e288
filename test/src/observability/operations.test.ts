import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import twilio from 'twilio'
import { RUNTIME_METRICS_AFTER_LISTEN_MS } from '../../../src/observability/operations.js'
import { CALL, request, testApp } from '../../fixtures/app.js'
import { checkRuntimeMetrics, parseExposition, sampleOf } from '../../fixtures/exposition.js'
import { startRedis } from '../../fixtures/redis.js'
import { testFolder } from '../../fixtures/folder.js'
import { eventually } from '../../fixtures/wait.js'

async function outboxDir (t: { teardown: (fn: () => unknown) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'twimlets-ops-'))
  t.teardown(async () => await rm(dir, { recursive: true, force: true }))
  return dir
}

/** Garbage to collect: young-generation collections, each seen by the GC observer. */
function churn (): number {
  let kept = 0
  for (let i = 0; i < 200_000; i++) kept += new Array<number>(64).fill(i).length
  return kept
}

// First in the file: runtime metrics are collected once per process, so once started they stay.
t.test('runtime metrics start soon after the service listens, before the first scrape', async (t) => {
  const app = await testApp(t, { config: { outboxDir: await outboxDir(t) } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  await new Promise((resolve) => setTimeout(resolve, RUNTIME_METRICS_AFTER_LISTEN_MS + 500))
  churn()
  await new Promise((resolve) => setTimeout(resolve, 50))
  const first = parseExposition((await app.inject('/metrics')).body)
  t.ok(sampleOf(first, 'nodejs_gc_duration_seconds_count', { kind: 'minor' }) > 0, 'collections before the first scrape are counted')
})

t.test('/metrics is valid text exposition: the service\'s series, then the process\'s and Node.js\'s', async (t) => {
  const app = await testApp(t, { config: { outboxDir: await outboxDir(t) } })
  await request(app, '/forward?PhoneNumber=%2B14155551001', CALL)
  const res = await app.inject('/metrics')
  t.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8')
  const families = parseExposition(res.body)
  const names = [...families.keys()]
  const own = names.filter((n) => n.startsWith('twimlets_'))
  t.same(names.slice(0, own.length), own, 'the service\'s own families come first')
  t.ok(names.slice(own.length).every((n) => n.startsWith('process_') || n.startsWith('nodejs_')), 'then only the runtime\'s')
  t.equal(sampleOf(families, 'twimlets_requests_total', { twimlet: 'forward', stage: 'dial', status: '200' }), 1)
  checkRuntimeMetrics(t, families, Date.now() / 1000 - process.uptime())

  const other = await testApp(t, { config: { outboxDir: await outboxDir(t) } })
  const again = parseExposition((await other.inject('/metrics')).body)
  t.same(again.get('twimlets_requests_total')?.samples, [], 'another app counts its own requests')
  t.ok(sampleOf(again, 'process_resident_memory_bytes') > 0, 'and shows the same process')
})

t.test('/healthz is alive; /readyz is ready while the outbox is writable', async (t) => {
  const dir = await outboxDir(t)
  const app = await testApp(t, { config: { outboxDir: dir } })
  t.same((await app.inject('/healthz')).json(), { status: 'ok' })
  const ready = await app.inject('/readyz')
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready' })
  await rm(dir, { recursive: true, force: true })
  const gone = await app.inject('/readyz')
  t.equal(gone.statusCode, 503)
  t.same(gone.json(), { status: 'not ready', problems: [`outbox folder ${dir} is not writable`] })
})

t.test('/readyz says whether Redis answers, and stays ready without it: calls need no Redis', async (t) => {
  const redis = await startRedis(t)
  const app = await testApp(t, { config: { outboxDir: await outboxDir(t), redisUrl: redis.url } })
  let ready = await app.inject('/readyz')
  await eventually(async () => {
    ready = await app.inject('/readyz')
    return ready.json().redis === 'reachable'
  })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready', redis: 'reachable', spooled: 0 })
  const before = sampleOf(parseExposition((await app.inject('/metrics')).body), 'twimlets_redis_errors_total')
  await redis.stop()
  const down = await app.inject('/readyz')
  t.equal(down.statusCode, 200, 'still ready: the load balancer keeps sending calls')
  t.same(down.json(), { status: 'ready', redis: 'unreachable: voicemail e-mail is kept in this replica\'s spool until it answers', spooled: 0 })
  await new Promise((resolve) => setTimeout(resolve, 500))
  const after = sampleOf(parseExposition((await app.inject('/metrics')).body), 'twimlets_redis_errors_total')
  t.ok(after > before, `Redis errors are counted (${before} then ${after})`)
  t.equal((await request(app, '/forward?PhoneNumber=%2B14155551001', CALL)).status, 200, 'calls are answered')
})

t.test('with REDIS_URL, a fresh OUTBOX_DIR is made at start-up for the spool, so a new replica is ready at once', async (t) => {
  const redis = await startRedis(t)
  const dir = join(testFolder(t), 'new-replica')
  const app = await testApp(t, { config: { outboxDir: dir, redisUrl: redis.url } })
  const ready = await app.inject('/readyz')
  t.equal(ready.statusCode, 200, ready.body)
  t.same(await readdir(dir), ['spool'])
})

t.test('/metrics counts requests by twimlet, stage and status, and dial outcomes', async (t) => {
  const app = await testApp(t, { config: { outboxDir: await outboxDir(t) } })
  await request(app, '/forward?PhoneNumber=%2B14155551001', CALL)
  await request(app, '/forward?PhoneNumber=%2B14155551001', CALL)
  await request(app, '/forward?Dial=true', { ...CALL, DialCallStatus: 'busy' })
  await request(app, '/findme?Dial=true', { ...CALL, DialCallStatus: 'no-answer' })
  await request(app, '/findme?Dial=true', { ...CALL, DialCallStatus: 'strange' })
  const res = await app.inject('/metrics')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain/)
  t.match(res.body, 'twimlets_requests_total{twimlet="forward",stage="dial",status="200"} 2')
  t.match(res.body, 'twimlets_requests_total{twimlet="forward",stage="failed",status="200"} 1')
  t.match(res.body, 'twimlets_dial_outcomes_total{twimlet="forward",status="busy"} 1')
  t.match(res.body, 'twimlets_dial_outcomes_total{twimlet="findme",status="no-answer"} 1')
  t.match(res.body, 'twimlets_dial_outcomes_total{twimlet="findme",status="other"} 1')
  t.match(res.body, 'twimlets_request_duration_seconds_count{twimlet="forward"} 3')
  t.match(res.body, /twimlets_mail_queue_depth \d+/)
  t.match(res.body, /twimlets_holdmusic_cache_total/)
})

t.test('/metrics counts signature failures', async (t) => {
  const token = 'abcdefabcdefabcdefabcdefabcdefab'
  const app = await testApp(t, { config: { outboxDir: await outboxDir(t), authTokens: [token], publicUrl: 'https://h.example' } })
  const headers = { 'content-type': 'application/x-www-form-urlencoded' }
  await app.inject({ method: 'POST', url: '/forward?PhoneNumber=1', payload: 'CallSid=CA1', headers })
  await app.inject({ method: 'POST', url: '/forward?PhoneNumber=1', payload: 'CallSid=CA1', headers: { ...headers, 'x-twilio-signature': 'forged' } })
  const good = twilio.getExpectedTwilioSignature(token, 'https://h.example/forward?PhoneNumber=1', { CallSid: 'CA1' })
  t.equal((await app.inject({ method: 'POST', url: '/forward?PhoneNumber=1', payload: 'CallSid=CA1', headers: { ...headers, 'x-twilio-signature': good } })).statusCode, 200)
  t.match((await app.inject('/metrics')).body, 'twimlets_signature_failures_total 2')
})

t.test('rate limiting per client address, when the operator turns it on', async (t) => {
  const app = await testApp(t, { config: { outboxDir: await outboxDir(t), rateLimitPerMinute: 3 } })
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) statuses.push((await request(app, '/forward?PhoneNumber=%2B14155551001', CALL)).status)
  t.same(statuses, [200, 200, 200, 429, 429])
  const off = await testApp(t, { config: { outboxDir: await outboxDir(t) } })
  for (let i = 0; i < 5; i++) t.equal((await request(off, '/forward?PhoneNumber=%2B14155551001', CALL)).status, 200)
})
