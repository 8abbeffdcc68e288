import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import twilio from 'twilio'
import { CALL, request, testApp } from '../fixtures/app.js'

async function outboxDir (t: { teardown: (fn: () => unknown) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'twimlets-ops-'))
  t.teardown(async () => await rm(dir, { recursive: true, force: true }))
  return dir
}

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
