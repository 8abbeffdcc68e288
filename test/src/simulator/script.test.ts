import t from 'tap'
import { DEFAULT_SCRIPT, readParty, readPartyEntry, readScript, ScriptError } from '../../../src/simulator/script.js'

t.test('outcomes as people write them', async (t) => {
  t.same(readParty('busy'), { outcome: 'busy' })
  t.same(readParty(' Accept@8 '), { outcome: 'accept', after: 8 })
  t.same(readParty('accept:#9'), { outcome: 'accept', keys: '#9' })
  t.same(readParty('accept@2:1'), { outcome: 'accept', after: 2, keys: '1' })
  t.same(readParty('no answer'), { outcome: 'no-answer' })
  t.same(readParty('failed'), { outcome: 'fails' })
  t.same(readParty('machine'), { outcome: 'voicemail' })
  t.same(readPartyEntry('+14155551001=busy@3'), ['+14155551001', { outcome: 'busy', after: 3 }])
  t.same(readPartyEntry('client:alice=silent'), ['client:alice', { outcome: 'silent' }])
})

t.test('anything else is refused with a message saying what is wrong', async (t) => {
  t.throws(() => readParty('maybe'), new ScriptError('"maybe" is not one of accept, busy, no-answer, fails, silent, voicemail'))
  t.throws(() => readParty('accept@soon'), /whole number of seconds/)
  t.throws(() => readParty('accept@99999'), /from 0 to 14400/)
  t.throws(() => readParty('accept:abc'), /not keys of a phone keypad/)
  t.throws(() => readPartyEntry('busy'), /not target=outcome/)
})

t.test('a script: defaults for what is not given, limits on what is', async (t) => {
  t.same(readScript(), DEFAULT_SCRIPT)
  const script = readScript({ method: 'get', from: '+15105550000', parties: { '+14155551001': 'busy' }, digits: ['1', 23, ''], recordSeconds: '0', talkSeconds: 5, maxRequests: 9 })
  t.match(script, { method: 'GET', from: '+15105550000', digits: ['1', '23', ''], recordSeconds: 0, talkSeconds: 5, maxRequests: 9 })
  t.same([...script.parties], [['+14155551001', { outcome: 'busy' }]])
  t.same([...readScript({ parties: ['+14155551001=busy', ' +14155551002 = accept'] }).parties.keys()], ['+14155551001', '+14155551002'])
  t.same(readScript({ digits: '1, 2,3' }).digits, ['1', '2', '3'])
  t.throws(() => readScript({ method: 'PUT' }), /GET or POST/)
  t.throws(() => readScript({ parties: 'busy' }), /parties must be/)
  t.throws(() => readScript({ parties: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`+1415555${1000 + i}`, 'busy'])) }), /at most 50 parties/)
  t.throws(() => readScript({ digits: Array.from({ length: 51 }, () => '1') }), /at most 50 key entries/)
  t.throws(() => readScript({ digits: ['1'.repeat(41)] }), /at most 40 characters/)
  t.throws(() => readScript({ transcription: 'x'.repeat(1001) }), /at most 1000 characters/)
  t.throws(() => readScript({ maxRequests: 201 }), /from 0 to 200/)
  t.throws(() => readScript({ talkSeconds: -1 }), /whole number of seconds/)
})
