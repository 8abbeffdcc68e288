import t from 'tap'
import { allowEntry, recipientVerdict } from '../../../src/mail/policy.js'

const SMTP = { external: true, allowed: ['boss@example.com', '@corp.example'], signed: false }

t.test('allow-list entries are addresses or @domains, lowercased', async (t) => {
  t.equal(allowEntry(' Boss@Example.com '), 'boss@example.com')
  t.equal(allowEntry('@Corp.Example'), '@corp.example')
  t.equal(allowEntry('corp.example'), undefined)
  t.equal(allowEntry('@'), undefined)
  t.equal(allowEntry('*@corp.example'), '*@corp.example', 'a literal "*" is a valid local part, not a wildcard')
})

t.test('over SMTP: listed addresses and addresses in listed domains only', async (t) => {
  t.same(recipientVerdict('boss@example.com', SMTP), { allowed: true })
  t.same(recipientVerdict('BOSS@EXAMPLE.COM', SMTP), { allowed: true })
  t.same(recipientVerdict('anyone@corp.example', SMTP), { allowed: true })
  t.same(recipientVerdict('other@example.com', SMTP), { allowed: false, reason: 'not in VOICEMAIL_ALLOWED_RECIPIENTS' })
  t.same(recipientVerdict('x@sub.corp.example', SMTP), { allowed: false, reason: 'not in VOICEMAIL_ALLOWED_RECIPIENTS' })
  t.same(recipientVerdict('x@corp.example.evil', SMTP), { allowed: false, reason: 'not in VOICEMAIL_ALLOWED_RECIPIENTS' })
})

t.test('over SMTP with no list, nobody', async (t) => {
  t.match(recipientVerdict('boss@example.com', { external: true, allowed: [], signed: false }), { allowed: false, reason: /VOICEMAIL_ALLOWED_RECIPIENTS is empty/ })
})

t.test('the file outbox takes any well-formed address, and only those', async (t) => {
  t.same(recipientVerdict('anyone@anywhere.example', { external: false, allowed: [], signed: false }), { allowed: true })
  t.same(recipientVerdict('a@b.example, c@d.example', { external: false, allowed: [], signed: false }), { allowed: false, reason: 'not a well-formed e-mail address' })
})

t.test('when only the operator\'s Twilio account can reach the service, its URLs choose the recipient', async (t) => {
  t.same(recipientVerdict('anyone@anywhere.example', { external: true, allowed: [], signed: true }), { allowed: true })
  t.same(recipientVerdict('other@example.com', { ...SMTP, signed: true }), { allowed: true })
  t.same(recipientVerdict('not an address', { external: true, allowed: [], signed: true }), { allowed: false, reason: 'not a well-formed e-mail address' })
})

t.test('look-alikes of a listed domain\'s mailboxes: percent hack, bang path, quoted local part', async (t) => {
  t.match(recipientVerdict('victim%evil.example@corp.example', SMTP), { allowed: false, reason: /^not matched against VOICEMAIL_ALLOWED_RECIPIENTS: its local part "victim%evil\.example" has "%", which some mail relays read as a route to another host$/ })
  t.match(recipientVerdict('evil.example!victim@corp.example', SMTP), { allowed: false, reason: /"evil\.example!victim" has "!".*bang path/ })
  t.match(recipientVerdict('"victim@evil.example"@corp.example', SMTP), { allowed: false, reason: /quoted string/ })
  t.match(recipientVerdict('"victim"@corp.example', { external: false, allowed: [], signed: false }), { allowed: false, reason: /quoted string/ }, 'never taken, whatever the transport')
  t.same(recipientVerdict('first.last+vm@corp.example', SMTP), { allowed: true }, 'the usual characters still are')
  t.same(recipientVerdict('boss%x@example.com', { ...SMTP, allowed: ['boss%x@example.com'] }), { allowed: false, reason: 'not matched against VOICEMAIL_ALLOWED_RECIPIENTS: its local part "boss%x" has "%", which some mail relays read as a route to another host' })
  t.same(recipientVerdict('victim%evil.example@corp.example', { external: false, allowed: [], signed: false }), { allowed: true }, 'a file is no relay')
  t.same(recipientVerdict('victim%evil.example@corp.example', { ...SMTP, signed: true }), { allowed: true }, 'signed URLs are the operator\'s own')
})
