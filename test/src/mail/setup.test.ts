import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { DEFAULTS } from '../../../src/config.js'
import { openOutbox } from '../../../src/mail/setup.js'
import { memoryLog } from '../../fixtures/log.js'
import { mailbox } from '../../fixtures/smtp.js'
import { testFolder } from '../../fixtures/folder.js'

t.test('without SMTP: the file outbox, said at start-up', async (t) => {
  const dir = testFolder(t)
  const log = memoryLog()
  const outbox = await openOutbox({ ...DEFAULTS, outboxDir: dir }, log)
  t.teardown(async () => await outbox.close())
  t.match(log.lines, [{ level: 'info', message: `voicemail e-mail goes to files in ${join(dir, 'mail')}` }])
  t.equal(log.at('warn').length, 0)
  t.same(await readdir(dir), ['queue'], 'the folder is made at start-up, so problems show then')
})

t.test('SMTP without an allow-list: a warning at start-up, and every e-mail refused', async (t) => {
  const box = await mailbox(t)
  const log = memoryLog()
  const outbox = await openOutbox({ ...DEFAULTS, outboxDir: testFolder(t), smtpUrl: box.url, voicemailAllowedRecipients: [] }, log)
  t.teardown(async () => await outbox.close())
  t.match(log.lines[0], { level: 'info', message: `voicemail e-mail goes to SMTP ${box.url}` })
  t.match(log.at('warn'), [{ fields: { setting: 'VOICEMAIL_ALLOWED_RECIPIENTS' }, message: /every voicemail e-mail will be refused/ }])
  t.equal(await outbox.enqueue({ key: 'k', to: 'owner@example.com', subject: 's', text: 't', html: 'h' }), 'refused')
})

t.test('the start-up line never shows SMTP credentials', async (t) => {
  const log = memoryLog()
  const outbox = await openOutbox({ ...DEFAULTS, outboxDir: testFolder(t), smtpUrl: 'smtps://user:s3cret@mail.example:465', voicemailAllowedRecipients: ['@example.com'] }, log)
  t.teardown(async () => await outbox.close())
  t.notMatch(JSON.stringify(log.lines), /s3cret|user/)
  t.match(log.lines[0]?.message, 'SMTP smtps://mail.example:465')
})

t.test('an unusable sender is refused at start-up', async (t) => {
  await t.rejects(openOutbox({ ...DEFAULTS, outboxDir: testFolder(t), mailFrom: 'nobody' }, memoryLog()), /mailFrom/)
})

t.test('an outbox folder that cannot be made is reported at start-up; the service still starts', async (t) => {
  const dir = testFolder(t, { file: 'not a folder' })
  const log = memoryLog()
  const outbox = await openOutbox({ ...DEFAULTS, outboxDir: join(dir, 'file') }, log)
  t.teardown(async () => await outbox.close())
  t.match(log.at('error'), [{ message: /outbox folder .*file cannot be read/ }, { message: /outbox folder .*file cannot be written/ }])
  t.equal(await outbox.enqueue({ key: 'k', to: 'owner@example.com', subject: 's', text: 'the words', html: 'h' }), 'failed')
  t.match(log.at('error')[2], { fields: { text: 'the words' } })
})
