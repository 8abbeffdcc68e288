import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { describeSmtpUrl, fileTransport, isPermanent, smtpTransport } from '../../../src/mail/transport.js'
import { mailbox } from '../../fixtures/smtp.js'
import { testFolder } from '../../fixtures/folder.js'

const RAW = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\n\r\nbody\r\n'
const PARCEL = { envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw: RAW, name: 'one' }

t.test('SMTP: the raw message and envelope reach the server as given', async (t) => {
  const box = await mailbox(t)
  const transport = smtpTransport(box.url)
  t.teardown(() => transport.close())
  t.equal(transport.external, true)
  t.match(await transport.send(PARCEL), /^250 /)
  const [got] = await box.waitFor(1)
  t.same(got?.envelope, PARCEL.envelope)
  t.equal(got?.mail.subject, 'hello')
})

t.test('SMTP refusals: permanent for the message, worth a retry otherwise', async (t) => {
  const box = await mailbox(t, { reject: ['b@example.com'] })
  const transport = smtpTransport(box.url)
  t.teardown(() => transport.close())
  const refused = await transport.send(PARCEL).then(() => undefined, (error: unknown) => error)
  t.equal(isPermanent(refused), true)
  await box.down()
  const down = await transport.send(PARCEL).then(() => undefined, (error: unknown) => error)
  t.ok(down instanceof Error)
  t.equal(isPermanent(down), false)
  t.equal(isPermanent({ code: 'EAUTH', responseCode: 535 }), false, 'bad credentials are for the operator to fix')
  t.equal(isPermanent({ code: 'EENVELOPE', responseCode: 451 }), false)
  t.equal(isPermanent(undefined), false)
})

t.test('files: one .eml per message name, rewritten rather than doubled', async (t) => {
  const dir = testFolder(t)
  const transport = fileTransport(dir)
  t.equal(transport.external, false)
  t.equal(await transport.send(PARCEL), join(dir, 'one.eml'))
  t.equal(await transport.send(PARCEL), join(dir, 'one.eml'))
  t.equal(await readFile(join(dir, 'one.eml'), 'utf8'), RAW)
})

t.test('describeSmtpUrl drops credentials', async (t) => {
  t.equal(describeSmtpUrl('smtp://user:pass@mail.example:587'), 'smtp://mail.example:587')
})
