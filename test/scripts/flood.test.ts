import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { flood, storedRecordings } from '../../scripts/flood.js'
import { startServer } from '../fixtures/server.js'
import { testFolder } from '../fixtures/folder.js'

t.test('the flood scenario, briefly: real calls answered and real voicemail stored beside forged callbacks and slow clients', async (t) => {
  const outbox = await mkdtemp(join(tmpdir(), 'twimlets-flood-'))
  t.teardown(async () => await rm(outbox, { recursive: true, force: true }))
  const server = await startServer({ OUTBOX_DIR: outbox, REQUEST_TIMEOUT_MS: '1000' })
  t.teardown(() => server.process.kill('SIGKILL'))
  const report = await flood({ url: server.url, outboxDir: outbox, seconds: 3, slowClients: 100, forgedPerSecond: 100, realPerSecond: 4, settleMs: 5000 })
  t.ok(report.realCalls.sent >= 8, `${report.realCalls.sent} real calls`)
  t.equal(report.realCalls.answered, report.realCalls.sent, 'each answered')
  t.equal(report.realVoicemails.stored, report.realVoicemails.sent, 'each real voicemail stored')
  t.ok(report.forged.sent >= 100, `${report.forged.sent} forged callbacks`)
  t.ok(report.slow.opened > 100 && report.slow.cutByServer >= 100, `the server cut the slow clients at its timeout, and they came back (${report.slow.cutByServer})`)
  t.ok(report.healthz.asked >= 2 && report.healthz.answered === report.healthz.asked, '/healthz answered throughout')
  t.equal(report.ok, true)
})

t.test('a real voicemail is counted once, when its letter is in the outbox, queued or written', async (t) => {
  const dir = testFolder(t)
  const real = (n: number): string => `RE${String(n).padStart(30, '0')}`
  await mkdir(join(dir, 'queue'))
  await mkdir(join(dir, 'mail'))
  await writeFile(join(dir, 'queue', 'a.json'), JSON.stringify({ text: `https://api.twilio.com/Recordings/${real(1)}.mp3` }))
  await writeFile(join(dir, 'mail', 'a.eml'), `\r\nhttps://api.twilio.com/Recordings/${real(1)}.mp3`)
  await writeFile(join(dir, 'mail', 'b.eml'), `\r\nhttps://api.twilio.com/Recordings/${real(2).slice(0, 9)}=\r\n${real(2).slice(9)}.mp3`)
  await writeFile(join(dir, 'mail', 'c.eml'), `\r\nhttps://api.twilio.com/Recordings/RF${'0'.repeat(30)}.mp3`)
  await writeFile(join(dir, 'queue', 'd.tmp'), real(3))
  t.same([...await storedRecordings(dir)].sort(), [real(1), real(2)], 'one wrapped by quoted-printable is read whole; a forged one and a file being written are not counted')
  t.equal((await storedRecordings(join(dir, 'missing'))).size, 0)
})
