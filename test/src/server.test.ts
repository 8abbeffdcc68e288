import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { checkRuntimeMetrics, parseExposition, sampleOf } from '../fixtures/exposition.js'
import { startProxy } from '../fixtures/s3.js'
import { openFilesLimit } from '../../src/http/connections.js'
import { startServer } from '../fixtures/server.js'
import { closeAll, slowClients } from '../../scripts/slow-clients.js'
import { fetchSoon } from '../fixtures/sockets.js'
import { mailbox } from '../fixtures/smtp.js'
import { parseTwiml } from '../fixtures/twiml.js'

// A dozen real servers and 1,100 sockets: on a busy two-core machine more than tap's default minute.
t.setTimeout(240_000)

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const CALL = 'CallSid=CA1&From=%2B15105551212&To=%2B14155550100&CallStatus=in-progress'

async function tempDir (t: { teardown: (fn: () => unknown) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'twimlets-server-'))
  t.teardown(async () => await rm(dir, { recursive: true, force: true }))
  return dir
}

t.test('an unusable setting stops the service with a message naming it', async (t) => {
  const server = startServer({ PORT: 'eighty' })
  await t.rejects(server, /configuration error: PORT: "eighty" is not a port number/)
})

t.test('/metrics of the running service: its own series and the process\'s, valid for Prometheus', async (t) => {
  const spawned = Date.now() / 1000
  const server = await startServer({ OUTBOX_DIR: await tempDir(t) })
  t.teardown(() => server.process.kill('SIGKILL'))
  t.equal((await fetch(`${server.url}/forward?PhoneNumber=%2B14155551001`, { method: 'POST', headers: FORM, body: CALL })).status, 200)
  const res = await fetch(`${server.url}/metrics`)
  t.equal(res.status, 200)
  t.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8')
  const families = parseExposition(await res.text())
  t.equal(sampleOf(families, 'twimlets_requests_total', { twimlet: 'forward', stage: 'dial', status: '200' }), 1)
  checkRuntimeMetrics(t, families, spawned)
  t.ok(sampleOf(families, 'process_start_time_seconds') < Date.now() / 1000 - 0.01, 'the process\'s start, not the scrape\'s')
  server.process.kill('SIGTERM')
  t.equal(await server.exited, 0)
})

t.test('SIGTERM under load: requests in flight get their answer, then the process exits 0', async (t) => {
  // Hold music for a bucket whose listing hangs answers only at the 1.5 s timeout: slow requests.
  const s3 = await startProxy(t, 'http://127.0.0.1:9/')
  s3.mode = 'hang'
  const server = await startServer({ OUTBOX_DIR: await tempDir(t), S3_ENDPOINT: s3.endpoint, HOLDMUSIC_TIMEOUT_MS: '1500' })
  t.teardown(() => server.process.kill('SIGKILL'))

  const slow = Array.from({ length: 10 }, async (_, i) => await fetch(`${server.url}/holdmusic?Bucket=bucket-${i}`))
  const stop = new AbortController()
  const steady: Array<Promise<number>> = []
  const answered = { count: 0 }
  const load = (async () => {
    while (!stop.signal.aborted) {
      const answer = fetch(`${server.url}/forward?PhoneNumber=%2B14155551001`, { method: 'POST', headers: FORM, body: CALL })
        .then(async (res) => { await res.text(); if (res.status === 200) answered.count++; return res.status }, () => -1)
      steady.push(answer)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  })()
  // Shut down once the steady load is being answered: on a busy machine that takes longer than on an idle one.
  const loaded = Date.now()
  while (answered.count <= 10 && Date.now() - loaded < 10_000) await new Promise((resolve) => setTimeout(resolve, 20))
  server.process.kill('SIGTERM')
  const answers = await Promise.all(slow)
  stop.abort()
  await load
  for (const res of answers) {
    t.equal(res.status, 200)
    t.equal(parseTwiml(await res.text()).name, 'Response')
  }
  const statuses = await Promise.all(steady)
  const before = statuses.filter((s) => s === 200).length
  t.ok(before > 10, `${before} steady requests answered before the shutdown`)
  t.ok(statuses.every((s) => s === 200 || s === -1), `a request is answered or, after the close, refused: ${[...new Set(statuses)].join(',')}`)
  t.equal(await server.exited, 0, server.output().split('\n').filter((l) => !l.includes('"msg":"request"')).join('\n').slice(-3000))
  t.match(server.output(), /shutting down/)
})

t.test('a voicemail e-mail pending at shutdown is sent after a restart', async (t) => {
  const box = await mailbox(t, { down: true })
  const outbox = await tempDir(t)
  const env = { OUTBOX_DIR: outbox, SMTP_URL: box.url, MAIL_FROM: 'voicemail@example.com', VOICEMAIL_ALLOWED_RECIPIENTS: 'me@example.com', MAIL_RETRY_MIN_MS: '50', MAIL_RETRY_MAX_MS: '100' }
  const first = await startServer(env)
  t.teardown(() => first.process.kill('SIGKILL'))
  const res = await fetch(`${first.url}/voicemail?Email=me%40example.com&Transcribe=false`, {
    method: 'POST', headers: FORM, body: `${CALL}&RecordingUrl=https%3A%2F%2Fapi.twilio.com%2FRE1&RecordingSid=RE1&RecordingDuration=12`
  })
  t.equal(res.status, 200)
  t.equal((await readdir(join(outbox, 'queue'))).filter((f) => f.endsWith('.json')).length, 1, 'queued on disk before the answer')
  first.process.kill('SIGTERM')
  t.equal(await first.exited, 0)

  await box.up()
  const second = await startServer(env)
  t.teardown(() => second.process.kill('SIGKILL'))
  const [mail] = await box.waitFor(1, 10_000)
  t.same(mail?.envelope.to, ['me@example.com'])
  t.match(mail?.mail.text, /https:\/\/api\.twilio\.com\/RE1\.mp3/)
  second.process.kill('SIGTERM')
  t.equal(await second.exited, 0)
  t.equal(box.received.length, 1, 'exactly once')
})

// The flood: 1,100 clients that send headers and trickle a body. This process must be
// able to hold them open (sockets are files); on a machine allowing fewer, fewer are used.
const SLOW = Math.min(1100, (openFilesLimit() ?? 1024) - 200)
const FORWARD = { method: 'POST', headers: FORM, body: CALL }

t.test(`${SLOW} slow request bodies: probes and calls are answered at once, and each slow one is cut at REQUEST_TIMEOUT_MS`, async (t) => {
  const server = await startServer({ OUTBOX_DIR: await tempDir(t), REQUEST_TIMEOUT_MS: '3000' })
  t.teardown(() => server.process.kill('SIGKILL'))
  const slow = await slowClients(server.url, SLOW)
  t.teardown(() => closeAll(slow))
  t.equal(slow.filter((client) => client.connected()).length, SLOW, 'every slow client is connected')
  const opened = Date.now()
  const health = await fetch(`${server.url}/healthz`)
  t.equal(health.status, 200, '/healthz')
  const call = await fetch(`${server.url}/forward?PhoneNumber=%2B14155551001`, FORWARD)
  t.equal(call.status, 200, 'a real call')
  t.equal(parseTwiml(await call.text()).name, 'Response')
  t.ok(Date.now() - opened < 2500, `answered while every slow client is still sending (${Date.now() - opened} ms)`)
  const lasted = await Promise.all(slow.map(async (client) => await client.closed))
  t.ok(Math.max(...lasted) < 3000 + 5000, `the server closed each slow connection after the timeout (longest ${Math.max(...lasted)} ms)`)
  t.ok(Math.min(...lasted) >= 2900, `none before it (shortest ${Math.min(...lasted)} ms)`)
  t.equal(slow.filter((client) => /^HTTP\/1\.1 408 /.test(client.received())).length, SLOW, 'each told 408 Request Timeout')
})

t.test(`${SLOW} slow clients against an open-files limit of ${SLOW - 76}: connections past the cap are closed, logged and counted, and the service recovers`, async (t) => {
  const openFiles = SLOW - 76
  const server = await startServer({ OUTBOX_DIR: await tempDir(t), REQUEST_TIMEOUT_MS: '2000' }, { openFiles })
  t.teardown(() => server.process.kill('SIGKILL'))
  const slow = await slowClients(server.url, SLOW)
  t.teardown(() => closeAll(slow))
  const { res: health, ms } = await fetchSoon(`${server.url}/healthz`, {}, 2000 + 3000)
  t.equal(health.status, 200, `/healthz answered after ${ms} ms`)
  const { res: call } = await fetchSoon(`${server.url}/forward?PhoneNumber=%2B14155551001`, FORWARD, 3000)
  t.equal(call.status, 200, 'a real call is answered')
  const cap = Math.floor(openFiles * 0.8)
  const families = parseExposition(await (await fetchSoon(`${server.url}/metrics`, {}, 3000)).res.text())
  const dropped = sampleOf(families, 'twimlets_connections_dropped_total')
  t.ok(dropped >= SLOW - cap, `${dropped} connections refused at the cap of ${cap}`)
  t.match(server.output(), new RegExp(`"maxConnections":${cap},"dropped":\\d+,"msg":"connection refused: MAX_CONNECTIONS connections are open"`))
  t.equal(server.output().match(/connection refused: MAX_CONNECTIONS/g)?.length, 1, 'one line for the burst, not one per connection')
  t.notMatch(server.output(), /EMFILE/, 'the process never ran out of files')
})

t.test('SIGTERM with slow clients and idle connections open: the process exits at once, without waiting for them', async (t) => {
  const server = await startServer({ OUTBOX_DIR: await tempDir(t), REQUEST_TIMEOUT_MS: '60000', KEEP_ALIVE_TIMEOUT_MS: '60000', SHUTDOWN_GRACE_MS: '30000' })
  t.teardown(() => server.process.kill('SIGKILL'))
  const slow = await slowClients(server.url, 200)
  t.teardown(() => closeAll(slow))
  t.equal((await fetch(`${server.url}/healthz`)).status, 200, 'a kept-alive connection, now idle')
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const signalled = Date.now()
  server.process.kill('SIGTERM')
  t.equal(await server.exited, 0)
  t.ok(Date.now() - signalled < 2000, `exited ${Date.now() - signalled} ms after SIGTERM`)
})

t.test('a URL past Node\'s header limit: the service\'s own 400 up to 32 KiB of headers, then Node\'s 431', async (t) => {
  const server = await startServer({ OUTBOX_DIR: await tempDir(t) })
  t.teardown(() => server.process.kill('SIGKILL'))
  const long = `${server.url}/forward?PhoneNumber=%2B14155551001&Note=${'x'.repeat(20_000)}`
  const res = await fetch(long, FORWARD)
  t.equal(res.status, 400, 'a 20,000-character URL, past Node\'s default 16 KiB')
  t.match(await res.json(), { message: /the URL is \d+ characters; at most 8192 are accepted/ })
  const huge = await fetch(`${server.url}/forward?PhoneNumber=%2B14155551001&Note=${'x'.repeat(33 * 1024)}`, FORWARD)
  t.equal(huge.status, 431, 'past 32 KiB of request line and headers')
  t.equal((await fetch(`${server.url}/healthz`)).status, 200)
})
