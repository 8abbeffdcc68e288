import t from 'tap'
import { Params } from '../../../src/params/params.js'
import { callerKey, callMatches } from '../../../src/dialing/callers.js'

const call = (search: string): Params => Params.fromSearch(search)
const q = encodeURIComponent

t.test('callMatches: the caller or the called number on the list, compared as phone numbers', async (t) => {
  const list = ['(510) 555-1212', '+1 212 555 0100', 'alice']
  t.ok(callMatches(call('From=%2B15105551212&To=%2B14155550100'), list), 'From')
  t.ok(callMatches(call('From=%2B16505550000&To=12125550100'), list), 'To')
  t.ok(callMatches(call('Caller=5105551212&Called=%2B14155550100'), list), 'Caller and Called of old API versions')
  t.notOk(callMatches(call('From=%2B16505550000&To=%2B14155550100'), list), 'neither')
  t.notOk(callMatches(call('From=%2B15105551212'), []), 'an empty list')
  t.notOk(callMatches(call('From=alice'), list), 'a word is no identity, even when it is on the list')
})

t.test('one number in any format, with a region for national forms', async (t) => {
  for (const typed of ['+15105551212', '(510) 555-1212', '510-555-1212', '510 555 1212', '1-510-555-1212', '５１０ー５５５ー１２１２', '＋１　５１０　５５５　１２１２']) {
    t.equal(callerKey(typed), 'tel:5105551212', typed)
  }
  t.equal(callerKey('090-1234-5678', 'JP'), callerKey('+819012345678', 'JP'))
  t.ok(callMatches(call('From=%2B819012345678'), ['０９０ー１２３４ー５６７８'], 'JP'))
  const jp = Params.fromSearch('', 'From=%2B819012345678&To=%2B815012345678')
  t.ok(callMatches(jp, ['090-1234-5678'], 'JP'))
  t.ok(callMatches(jp, ['050-1234-5678'], 'JP'), 'the called line')
  t.notOk(callMatches(jp, ['090-1234-5678']))
  t.notOk(callMatches(jp, ['080-1234-5678'], 'JP'))
})

t.test('look-alikes of a number are not that number', async (t) => {
  const list = ['+15105551212']
  for (const from of ['client:5105551212', 'client:+15105551212', 'sip:5105551212@attacker.example', 'sip:+15105551212@attacker.example', 'x15105551212y', '15105551212#', 'tel:+15105551212', 'anonymous', '']) {
    t.notOk(callMatches(call(`From=${q(from)}&To=%2B14155550100`), list), JSON.stringify(from))
  }
})

t.test('client: names compare exactly, only with client: names', async (t) => {
  t.ok(callMatches(call('From=client%3Aalice'), ['client:alice']))
  t.ok(callMatches(call('From=client%3Aalice'), ['Client: alice']), 'the prefix in any case, spaces after it')
  for (const from of ['client:Alice', 'client:alice2', 'client:bob', 'alice', 'sip:alice@example.com', '+15105551212']) {
    t.notOk(callMatches(call(`From=${q(from)}`), ['client:alice']), from)
  }
  t.notOk(callMatches(call('From=client%3A5105551212'), ['client:alice', '5105551212']))
  t.ok(callMatches(call('From=client%3A5105551212'), ['client:5105551212']), 'a numeric client name is allowed by that client name')
})

t.test('sip: addresses compare as RFC 3261 says: host in any case, user exactly', async (t) => {
  const list = ['sip:alice@pbx.example.com']
  for (const from of ['sip:alice@pbx.example.com', 'SIP:alice@PBX.Example.COM', 'sip:%61lice@pbx.example.com', 'sip:alice@pbx.example.com;transport=tls']) {
    t.ok(callMatches(call(`From=${q(from)}`), list), from)
  }
  for (const from of ['sip:Alice@pbx.example.com', 'sips:alice@pbx.example.com', 'sip:alice@pbx.example.com:5080', 'sip:alice@attacker.example', 'sip:alice@pbx.example.com.attacker.example', 'sip:alice@pbx.example.com;user=phone', 'client:alice', 'alice']) {
    t.notOk(callMatches(call(`From=${q(from)}`), list), from)
  }
  t.equal(callerKey('sip:a%2fb@host'), callerKey('sip:a%2Fb@HOST'), 'escapes of reserved characters compare in any hex case')
  t.not(callerKey('sip:a%2Fb@host'), callerKey('sip:a/b@host'), 'and are not the character itself')
})

t.test('what is not an identity matches nothing', async (t) => {
  for (const typed of ['alice', 'queue:support', 'conference:Room', 'DEABCDEF0123456789abcdef0123456789', '<x/>', 'x15105551212y', '1']) {
    t.equal(callerKey(typed), undefined, typed)
  }
})
