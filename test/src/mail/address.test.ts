import t from 'tap'
import { domainOf, parseAddress, parseSender, routingHazard } from '../../../src/mail/address.js'

t.test('plain mailboxes are accepted, the domain lowercased', async (t) => {
  t.equal(parseAddress('Owner@Example.COM'), 'Owner@example.com')
  t.equal(parseAddress('first.last+voicemail@mail.example.co.uk'), 'first.last+voicemail@mail.example.co.uk')
  t.equal(parseAddress('me@localhost'), 'me@localhost')
})

t.test('anything that could name a second recipient or a header is refused', async (t) => {
  for (const text of ['', 'owner', '@example.com', 'owner@', 'a@b@example.com', 'a,b@example.com', 'a@example.com,b@example.com',
    'Owner <a@example.com>', '"a b"@example.com', 'a@example.com\r\nBcc: x@y.z', 'a b@example.com', '.a@example.com',
    'a..b@example.com', 'a@-example.com', 'a@example..com', 'a@exa_mple.com', `${'x'.repeat(65)}@example.com`,
    `a@${'x'.repeat(250)}.com`]) {
    t.equal(parseAddress(text), undefined, JSON.stringify(text))
  }
})

t.test('domainOf', async (t) => {
  t.equal(domainOf('a@example.com'), 'example.com')
})

t.test('a sender is an address, or a name and an address', async (t) => {
  t.same(parseSender('voicemail@example.com'), { name: undefined, address: 'voicemail@example.com' })
  t.same(parseSender('Office Voicemail <voicemail@Example.com>'), { name: 'Office Voicemail', address: 'voicemail@example.com' })
  t.same(parseSender('"Office" <voicemail@example.com>'), undefined, 'quotes are not needed and not taken')
  t.equal(parseSender('Office <voicemail@example.com'), undefined)
  t.equal(parseSender('Office <a@example.com>, b@example.com'), undefined)
})

t.test('routingHazard names the local parts a relay may route elsewhere', async (t) => {
  t.match(routingHazard('victim%evil.example@corp.example'), /"%"/)
  t.match(routingHazard('evil.example!victim@corp.example'), /"!"/)
  t.match(routingHazard('"a@b"@corp.example'), /quoted string/)
  t.equal(routingHazard('first.last+tag@corp.example'), undefined)
  t.equal(routingHazard('user@100%.example'), undefined, 'only the local part counts')
})
