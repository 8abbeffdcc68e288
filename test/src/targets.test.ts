import t from 'tap'
import { Params } from '../../src/params.js'
import { callMatches, parseTarget, phoneKey } from '../../src/targets.js'

t.test('phone numbers pass through as typed', async (t) => {
  for (const typed of ['+14155551212', '415-555-1212', '(415) 555-1212', '4155551212', '911']) {
    t.same(parseTarget(typed), { kind: 'number', value: typed, text: typed }, typed)
  }
})

t.test('other targets', async (t) => {
  t.same(parseTarget('sip:alice@example.com;transport=tls'), { kind: 'sip', value: 'sip:alice@example.com;transport=tls', text: 'sip:alice@example.com;transport=tls' })
  t.same(parseTarget('Client:alice'), { kind: 'client', value: 'alice', text: 'Client:alice' })
  t.same(parseTarget('DEABCDEF0123456789abcdef0123456789'), { kind: 'sim', value: 'DEABCDEF0123456789abcdef0123456789', text: 'DEABCDEF0123456789abcdef0123456789' })
  t.same(parseTarget('queue:support'), { kind: 'queue', value: 'support', text: 'queue:support' })
  t.same(parseTarget('conference:My Room'), { kind: 'conference', value: 'My Room', text: 'conference:My Room' })
})

t.test('what cannot be dialed', async (t) => {
  for (const typed of ['', 'hello', '1', '+1 415 555 1212 999 999 999 999', '<Number>1</Number>', 'client:', 'client:a b', 'sip:nohost', 'DE123', 'queue:', `queue:${'q'.repeat(65)}`, 'conference:\u0007']) {
    t.equal(parseTarget(typed), undefined, JSON.stringify(typed))
  }
})

t.test('phoneKey makes formats of one number equal', async (t) => {
  const keys = ['(510) 555-1212', '510-555-1212', '+15105551212', '15105551212', '510.555.1212'].map(phoneKey)
  t.same(new Set(keys), new Set(['5105551212']))
  t.equal(phoneKey('+442071234567'), '442071234567')
  t.equal(phoneKey('anonymous'), '')
})

t.test('callMatches: the caller or the called number on the list, compared as phone numbers', async (t) => {
  const call = (search: string): Params => Params.fromSearch(search)
  const list = ['(510) 555-1212', '+1 212 555 0100', 'alice']
  t.ok(callMatches(call('From=%2B15105551212&To=%2B14155550100'), list), 'From')
  t.ok(callMatches(call('From=%2B16505550000&To=12125550100'), list), 'To')
  t.ok(callMatches(call('Caller=5105551212&Called=%2B14155550100'), list), 'Caller and Called of old API versions')
  t.notOk(callMatches(call('From=%2B16505550000&To=%2B14155550100'), list), 'neither')
  t.notOk(callMatches(call('From=client%3Aalice&To=%2B14155550100'), list), 'no digits never match')
  t.notOk(callMatches(call('From=%2B15105551212'), []), 'an empty list')
})
