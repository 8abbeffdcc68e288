import t from 'tap'
import { Params } from '../../../src/params/params.js'
import { isInvalidNumber, parseTarget, phoneKey, readTargets } from '../../../src/dialing/targets.js'

t.test('phone numbers pass through as typed', async (t) => {
  for (const typed of ['+14155551212', '415-555-1212', '(415) 555-1212', '4155551212', '911']) {
    t.same(parseTarget(typed), { kind: 'number', value: typed, text: typed }, typed)
  }
})

t.test('numbers typed on a Japanese keyboard are read in their ASCII form; names are kept as typed', async (t) => {
  t.same(parseTarget('０９０ー１２３４ー５６７８'), { kind: 'number', value: '090-1234-5678', text: '090-1234-5678' })
  t.same(parseTarget('＋８１　９０ー１２３４ー５６７８'), { kind: 'number', value: '+81 90-1234-5678', text: '+81 90-1234-5678' })
  t.same(parseTarget('queue:サポート'), { kind: 'queue', value: 'サポート', text: 'queue:サポート' }, 'the long vowel mark of a name stays')
  t.same(readTargets(Params.fromSearch(''), 'PhoneNumbers', ['０９０ー１２３４ー５６７８'], 'JP'), [{ kind: 'number', value: '+819012345678', text: '+819012345678' }])
  t.equal(phoneKey('０９０ー１２３４ー５６７８', 'JP'), '819012345678')
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
  const keys = ['(510) 555-1212', '510-555-1212', '+15105551212', '15105551212', '510.555.1212'].map((typed) => phoneKey(typed))
  t.same(new Set(keys), new Set(['5105551212']))
  t.equal(phoneKey('+442071234567'), '442071234567')
  t.equal(phoneKey('anonymous'), '')
})

t.test('readTargets with a region: national form dialed in E.164, invalid numbers never dialed', async (t) => {
  const params = Params.fromSearch('')
  const targets = readTargets(params, 'PhoneNumbers', ['090-1234-5678', '03-1234-5678', '0120-123-456', '+1 415 555 1001', 'client:desk', '090-1234-567'], 'JP')
  t.same(targets, [
    { kind: 'number', value: '+819012345678', text: '+819012345678' },
    { kind: 'number', value: '+81312345678', text: '+81312345678' },
    { kind: 'number', value: '+81120123456', text: '+81120123456' },
    { kind: 'number', value: '+1 415 555 1001', text: '+1 415 555 1001' },
    { kind: 'client', value: 'desk', text: 'client:desk' }
  ])
  t.same(params.issues, [{ param: 'PhoneNumbers', message: '"090-1234-567" is not a valid phone number in JP; not dialed', level: 'warning' }])
  t.ok(isInvalidNumber('090-1234-567', 'JP'))
  t.notOk(isInvalidNumber('090-1234-5678', 'JP'))
  t.notOk(isInvalidNumber('090-1234-567', undefined), 'without a region nothing is invalid for it')
})

t.test('readTargets without a region: as typed, as on the hosted Twimlets; a doubtful national number is named', async (t) => {
  const params = Params.fromSearch('')
  t.same(readTargets(params, 'PhoneNumber', ['415-555-1001', '+1415555100']), [
    { kind: 'number', value: '415-555-1001', text: '415-555-1001' },
    { kind: 'number', value: '+1415555100', text: '+1415555100' }
  ])
  t.same(params.issues, [], 'numbers with a country code are not validated on calls')
  const doubtful = Params.fromSearch('')
  t.same(readTargets(doubtful, 'PhoneNumber', ['415-555-100']), [{ kind: 'number', value: '415-555-100', text: '415-555-100' }])
  t.match(doubtful.issues, [{ param: 'PhoneNumber', message: /^"415-555-100" is not a valid phone number as written; dialed anyway/ }])
})

t.test('phoneKey with a region: a national number is its E.164 number', async (t) => {
  t.equal(phoneKey('090-1234-5678', 'JP'), phoneKey('+819012345678'))
  t.equal(phoneKey('(510) 555-1212', 'US'), phoneKey('+15105551212'))
  t.not(phoneKey('090-1234-5678'), phoneKey('+819012345678'), 'without a region, only digits')
})
