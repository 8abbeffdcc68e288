import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import t from 'tap'
import { Outbox, type Letter, type MailLog } from '../../../src/mail/outbox.js'
import { fileTransport, smtpTransport } from '../../../src/mail/transport.js'
import { memoryLog } from '../../fixtures/log.js'
import { mailbox, sleep } from '../../fixtures/smtp.js'

const RETRY = { minMs: 20, maxMs: 80 }
const FROM = { name: 'Voicemail', address: 'voicemail@twimlets.test' }
const OWNER = 'owner@example.com'

interface Teardown { teardown: (fn: () => unknown) => void }

function letter (n: number, extra: Partial<Letter> = {}): Letter {
  return { key: `call ${n}`, to: OWNER, subject: `Message ${n}`, text: `Body ${n}`, html: `<p>Body ${n}</p>`, ...extra }
}

interface Setup {
  dir: string
  /** The SMTP server; without one, the file outbox. */
  url?: string
  allowed?: string[]
  log?: MailLog
}

async function open (t: Teardown, setup: Setup): Promise<Outbox> {
  const transport = setup.url === undefined ? fileTransport(join(setup.dir, 'mail')) : smtpTransport(setup.url)
  const outbox = await Outbox.open({ dir: setup.dir, transport, from: FROM, allowed: setup.allowed ?? [OWNER], retry: RETRY, log: setup.log ?? memoryLog() })
  t.teardown(async () => await outbox.close())
  return outbox
}

async function files (dir: string): Promise<string[]> {
  return await readdir(dir).catch(() => [])
}

t.test('a letter is on disk when enqueue resolves, whole, before any delivery', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = t.testdir()
  const outbox = await open(t, { dir, url: box.url })
  t.equal(await outbox.enqueue(letter(1)), 'queued')
  const queued = await files(join(dir, 'queue'))
  t.equal(queued.length, 1)
  const stored = JSON.parse(await readFile(join(dir, 'queue', queued[0] as string), 'utf8'))
  t.match(stored, { key: 'call 1', to: OWNER, envelope: { from: FROM.address, to: [OWNER] } })
  const mail = await simpleParser(stored.raw)
  t.equal(mail.subject, 'Message 1')
  t.equal(mail.text?.trim(), 'Body 1')
})

t.test('SMTP down, then up: every message arrives exactly once', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = t.testdir()
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log })
  for (const n of [1, 2, 3]) t.equal(await outbox.enqueue(letter(n)), 'queued')
  await sleep(150)
  t.equal(box.received.length, 0)
  const retries = log.at('warn')
  t.ok(retries.length >= 3, 'each failed attempt is logged')
  t.match(retries[0], { fields: { key: 'call 1', attempt: 1, retryInMs: RETRY.minMs } })
  t.ok(retries.some((l) => Number(l.fields.attempt) >= 2), 'and retried')
  t.equal((await files(join(dir, 'queue'))).length, 3, 'nothing leaves the queue while the server is down')

  await box.up()
  await box.waitFor(3)
  // Several more retry periods: a message sent twice would show up now.
  await sleep(RETRY.maxMs * 4)
  t.same(box.received.map((r) => r.mail.subject).sort(), ['Message 1', 'Message 2', 'Message 3'])
  t.same(box.received[0]?.envelope, { from: FROM.address, to: [OWNER] })
  t.same(box.received[0]?.mail.from?.value, [FROM])
  t.same(await files(join(dir, 'queue')), [])
  t.equal(outbox.size, 0)
  t.equal(log.at('info').filter((l) => /delivered/.test(l.message)).length, 3)
})

t.test('messages queued before a restart are sent after it, once', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = t.testdir()
  const first = await open(t, { dir, url: box.url })
  t.equal(await first.enqueue(letter(1)), 'queued')
  t.equal(await first.enqueue(letter(2, { notBefore: Date.now() + 60_000 })), 'queued')
  await first.close()

  await box.up()
  const log = memoryLog()
  const second = await open(t, { dir, url: box.url, log })
  t.match(log.at('info')[0], { fields: { pending: 2 } })
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 3)
  t.same(box.received.map((r) => r.mail.subject), ['Message 1'], 'the deferred one keeps its time')
  t.equal(second.size, 1)
  t.equal(await second.enqueue(letter(1)), 'duplicate', 'a sent key is remembered across the restart')
})

t.test('the same key is one e-mail: while queued and after it was sent', async (t) => {
  const box = await mailbox(t)
  const dir = t.testdir()
  const outbox = await open(t, { dir, url: box.url })
  t.equal(await outbox.enqueue(letter(1)), 'queued')
  t.equal(await outbox.enqueue(letter(1, { subject: 'again' })), 'duplicate')
  await box.waitFor(1)
  t.equal(await outbox.enqueue(letter(1, { subject: 'later' })), 'duplicate')
  await sleep(RETRY.maxMs * 2)
  t.same(box.received.map((r) => r.mail.subject), ['Message 1'])
})

t.test('a waiting letter is replaced by one with replace set, and sent at its time', async (t) => {
  const box = await mailbox(t)
  const dir = t.testdir()
  const outbox = await open(t, { dir, url: box.url })
  t.equal(await outbox.enqueue(letter(1, { subject: 'without transcript', notBefore: Date.now() + 60_000 })), 'queued')
  await sleep(100)
  t.equal(box.received.length, 0, 'not before its time')
  t.equal(await outbox.enqueue(letter(1, { subject: 'with transcript', replace: true })), 'replaced')
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 2)
  t.same(box.received.map((r) => r.mail.subject), ['with transcript'])
})

t.test('a letter is sent once its time comes', async (t) => {
  const box = await mailbox(t)
  const outbox = await open(t, { dir: t.testdir(), url: box.url })
  const at = Date.now() + 300
  await outbox.enqueue(letter(1, { notBefore: at }))
  await box.waitFor(1)
  t.ok(Date.now() >= at)
})

t.test('a recipient the server refuses for good is set aside, not retried', async (t) => {
  const gone = 'gone@example.com'
  const box = await mailbox(t, { reject: [gone] })
  const dir = t.testdir()
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log, allowed: ['@example.com'] })
  await outbox.enqueue(letter(1, { to: gone }))
  await outbox.enqueue(letter(2))
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 3)
  t.same(box.recipients.filter((r) => r === gone), [gone], 'asked once')
  t.equal((await files(join(dir, 'failed'))).length, 1)
  t.same(await files(join(dir, 'queue')), [])
  t.match(log.at('error'), [{ fields: { to: gone }, message: /refused by the mail server/ }])
})

t.test('over SMTP only allow-listed recipients are written to; refusals are logged', async (t) => {
  const box = await mailbox(t)
  const dir = t.testdir()
  const log = memoryLog()
  const outbox = await open(t, { dir, url: box.url, log, allowed: ['boss@example.com', '@corp.example'] })
  t.equal(await outbox.enqueue(letter(1, { to: 'boss@example.com' })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { to: 'Anyone@Corp.Example' })), 'queued')
  t.equal(await outbox.enqueue(letter(3, { to: 'victim@elsewhere.example' })), 'refused')
  t.equal(await outbox.enqueue(letter(4, { to: 'x@sub.corp.example' })), 'refused')
  t.match(log.at('warn'), [
    { fields: { to: 'victim@elsewhere.example' }, message: /refused: not in VOICEMAIL_ALLOWED_RECIPIENTS/ },
    { fields: { to: 'x@sub.corp.example' } }
  ])
  await box.waitFor(2)
  await sleep(RETRY.maxMs * 2)
  t.same(box.recipients.sort(), ['Anyone@corp.example', 'boss@example.com'])

  const none = await open(t, { dir: t.testdir(), url: box.url, log, allowed: [] })
  t.equal(await none.enqueue(letter(5, { to: 'boss@example.com' })), 'refused', 'no list refuses everyone')
  t.match(log.lines.at(-1), { level: 'warn', message: /VOICEMAIL_ALLOWED_RECIPIENTS is empty/ })
})

t.test('without SMTP, messages become .eml files and any address will do', async (t) => {
  const dir = t.testdir()
  const log = memoryLog()
  const outbox = await open(t, { dir, log, allowed: [] })
  t.equal(await outbox.enqueue(letter(1, { to: 'anyone@anywhere.example' })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { to: 'not an address' })), 'refused')
  let written: string[] = []
  for (let i = 0; i < 200 && written.length === 0; i++) {
    await sleep(10)
    written = (await files(join(dir, 'mail'))).filter((name) => name.endsWith('.eml'))
  }
  t.equal(written.length, 1)
  t.match(written[0], /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{16}\.eml$/)
  const mail = await simpleParser(await readFile(join(dir, 'mail', written[0] as string)))
  t.equal(mail.subject, 'Message 1')
  t.match(mail.to, { text: 'anyone@anywhere.example' })
  t.match(log.at('info').find((l) => /delivered/.test(l.message)), { fields: { where: join(dir, 'mail', written[0] as string) } })
})

t.test('start-up takes up what a crash left: half-written files, sent-but-queued, unreadable', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = t.testdir()
  const first = await open(t, { dir, url: box.url })
  await first.enqueue(letter(1))
  await first.enqueue(letter(2))
  await first.close()
  const [one, two] = (await files(join(dir, 'queue'))).sort()
  // As if the process stopped after recording a delivery, before removing the queue entry.
  const sent = JSON.parse(await readFile(join(dir, 'queue', one as string), 'utf8')).key === 'call 1' ? one as string : two as string
  await mkdir(join(dir, 'delivered'), { recursive: true })
  await writeFile(join(dir, 'delivered', sent.replace(/\.json$/, '')), '')
  await writeFile(join(dir, 'queue', '.tmp-abc'), '{"half')
  await writeFile(join(dir, 'queue', 'ffff.json'), 'not json')

  await box.up()
  const log = memoryLog()
  await open(t, { dir, url: box.url, log })
  await box.waitFor(1)
  await sleep(RETRY.maxMs * 2)
  t.same(box.received.map((r) => r.mail.subject), ['Message 2'])
  t.same(await files(join(dir, 'queue')), [])
  t.same(await files(join(dir, 'failed')), ['ffff.json'])
  t.match(log.at('error'), [{ message: /unreadable outbox entry/ }])
})

t.test('close stops retrying at once and leaves the queue on disk', async (t) => {
  const box = await mailbox(t, { down: true })
  const dir = t.testdir()
  const outbox = await open(t, { dir, url: box.url })
  await outbox.enqueue(letter(1))
  await sleep(50)
  const started = Date.now()
  await outbox.close()
  t.ok(Date.now() - started < 1000)
  await box.up()
  await sleep(RETRY.maxMs * 3)
  t.equal(box.received.length, 0)
  t.equal((await files(join(dir, 'queue'))).length, 1)
})

t.test('a full outbox takes no more, and logs what it could not keep', async (t) => {
  const box = await mailbox(t, { down: true })
  const log = memoryLog()
  const dir = t.testdir()
  const outbox = await Outbox.open({ dir, transport: smtpTransport(box.url), from: FROM, allowed: [OWNER], retry: RETRY, log, maxQueued: 2 })
  t.teardown(async () => await outbox.close())
  const later = Date.now() + 60_000
  t.equal(await outbox.enqueue(letter(1, { notBefore: later })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { notBefore: later })), 'queued')
  t.equal(await outbox.enqueue(letter(3)), 'failed')
  t.equal(await outbox.enqueue(letter(2, { subject: 'replacement', replace: true })), 'replaced', 'replacing takes no room')
  t.match(log.at('error'), [{ fields: { key: 'call 3', to: OWNER, subject: 'Message 3', text: 'Body 3' }, message: /its content is in this log entry/ }])
  t.equal((await files(join(dir, 'queue'))).length, 2)
})
