import t from 'tap'
import type { Letter, MailLog } from '../../../src/mail/outbox.js'
import { RedisOutbox, spoolDirOf, type RedisOutboxOptions } from '../../../src/mail/redis-outbox.js'
import { smtpTransport, type Transport } from '../../../src/mail/transport.js'
import { memoryLog } from '../../fixtures/log.js'
import { startRedis } from '../../fixtures/redis.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'

const RETRY = { minMs: 20, maxMs: 80 }
const FROM = { name: 'Voicemail', address: 'voicemail@twimlets.test' }
const OWNER = 'owner@example.com'

interface Teardown { teardown: (fn: () => unknown) => void, testdir: () => string }

function letter (n: number, extra: Partial<Letter> = {}): Letter {
  return { key: `call ${n}`, to: OWNER, subject: `Message ${n}`, text: `Body ${n}`, html: `<p>Body ${n}</p>`, ...extra }
}

interface Replica {
  url: string
  /** The SMTP server's URL, or a transport of the test's own. */
  smtp: string | Transport
  dir?: string
  log?: MailLog
  options?: Partial<RedisOutboxOptions>
}

/** One replica's outbox on the shared Redis, closed when the test ends. */
async function replica (t: Teardown, setup: Replica): Promise<RedisOutbox> {
  const transport = typeof setup.smtp === 'string' ? smtpTransport(setup.smtp) : setup.smtp
  const outbox = await RedisOutbox.open({
    url: setup.url,
    spoolDir: spoolDirOf(setup.dir ?? t.testdir()),
    transport,
    from: FROM,
    allowed: [OWNER, 'other@example.com'],
    retry: RETRY,
    log: setup.log ?? memoryLog(),
    lockMs: 1000,
    stalledCheckMs: 500,
    ...setup.options
  })
  t.teardown(async () => await outbox.close())
  return outbox
}

async function ready (outbox: RedisOutbox): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!(await outbox.redis()).reachable) {
    if (Date.now() > deadline) throw new Error('Redis never answered')
    await sleep(20)
  }
}

t.test('a letter at one replica and its replacement at another: one e-mail, with the replacement', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const a = await replica(t, { url: redis.url, smtp: box.url })
  const b = await replica(t, { url: redis.url, smtp: box.url })
  await ready(a)
  await ready(b)
  t.equal(await a.enqueue(letter(1, { subject: 'recording', notBefore: Date.now() + 60_000 })), 'queued')
  t.equal(await b.enqueue(letter(1, { subject: 'transcript', replace: true, revision: 1 })), 'replaced')
  await box.waitFor(1)
  await sleep(500)
  t.same(box.received.map((r) => r.mail.subject), ['transcript'])
  t.equal(await a.enqueue(letter(1, { subject: 'transcript', replace: true, revision: 1 })), 'duplicate', 'a retried callback after delivery')
  t.equal(await b.enqueue(letter(1, { subject: 'recording' })), 'duplicate')
})
