import t from 'tap'
import { CALL, loggedApp, request, testApp } from '../../fixtures/app.js'
import { response } from '../../fixtures/twiml.js'
import { Params } from '../../../src/params/params.js'
import { ResponseCache } from '../../../src/http/response-cache.js'

async function cacheCounts (app: Awaited<ReturnType<typeof testApp>>): Promise<{ hit: number, miss: number }> {
  const body = (await app.inject('/metrics')).body
  const count = (result: string): number => Number(new RegExp(`twimlets_response_cache_total\\{result="${result}"\\} (\\d+)`).exec(body)?.[1] ?? 0)
  return { hit: count('hit'), miss: count('miss') }
}

t.test('a URL asked for again is kept, then answered from the cache, byte for byte', async (t) => {
  const app = await testApp(t)
  const url = '/findme?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=%2B14155551002&Timeout=15'
  const first = await request(app, url, CALL)
  const second = await request(app, url, { ...CALL, CallSid: 'CA-another-call' })
  t.same(await cacheCounts(app), { hit: 0, miss: 2 }, 'a URL seen once is not kept')
  const third = await request(app, url, { ...CALL, CallSid: 'CA-a-third-call' })
  t.equal(second.body, first.body)
  t.equal(third.body, first.body)
  t.same(await cacheCounts(app), { hit: 1, miss: 2 }, 'a new CallSid is the same answer')
})

t.test('URLs asked for once each are never kept', async (t) => {
  const app = await testApp(t)
  for (let i = 0; i < 5; i++) await request(app, `/forward?PhoneNumber=%2B141555510${10 + i}`, CALL)
  await request(app, '/forward?PhoneNumber=%2B14155551010', CALL)
  await request(app, '/forward?PhoneNumber=%2B14155551011', CALL)
  t.same(await cacheCounts(app), { hit: 0, miss: 7 })
  await request(app, '/forward?PhoneNumber=%2B14155551011', CALL)
  t.same(await cacheCounts(app), { hit: 1, miss: 7 }, 'kept from its second time on')
})

t.test('one caller\'s answer never reaches a caller whose answer differs', async (t) => {
  const app = await testApp(t)
  const whisper = async (from: string): Promise<string> => (await request(app, '/whisper', { ...CALL, From: from })).body
  t.match(await whisper('+15105551212'), /from 5 1 0, 5 5 5, 1 2 1 2\./)
  t.match(await whisper('+12125550000'), /from 2 1 2, 5 5 5, 0 0 0 0\./)
  t.match(await whisper('+15105551212'), /from 5 1 0, 5 5 5, 1 2 1 2\./)

  const url = '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=%2B15105551212'
  t.match((await request(app, url, CALL)).body, /<Dial/)
  t.same((await request(app, url, { ...CALL, From: '+12125550000', Caller: '+12125550000' })).twiml, response('<Say>Sorry, you are calling from a restricted number. Good bye.</Say>'))
  t.match((await request(app, url, CALL)).body, /<Dial/)
})

t.test('each state of a call gets its own answer', async (t) => {
  const app = await testApp(t)
  const url = '/findme?Dial=true&PhoneNumbers[]=%2B14155551002&FailUrl=https%3A%2F%2Fexample.com%2Fvm'
  await request(app, url, { ...CALL, DialCallStatus: 'no-answer' })
  const answers: string[] = []
  const states: Array<Record<string, string>> = [
    { DialCallStatus: 'busy' }, { DialCallStatus: 'completed' }, { DialCallStatus: 'completed', DialBridged: 'false' },
    { DialStatus: 'answered' }, {}, { DialCallStatus: 'busy' }, { DialCallStatus: 'busy', CallStatus: 'completed' }
  ]
  for (const form of states) answers.push((await request(app, url, { ...CALL, ...form })).body)
  t.match(answers[0], /<Number/)
  t.match(answers[1], /<Hangup\/>/)
  t.match(answers[2], /<Number/)
  t.match(answers[3], /<Hangup\/>/)
  t.match(answers[4], /<Number/)
  t.equal(answers[5], answers[0])
  t.match(answers[6], /<Hangup\/>/)
  t.same(await cacheCounts(app), { hit: 1, miss: 7 }, 'once the URL is known, only the repeated busy is a hit')
})

t.test('a trailing slash changes the relative URLs, so it is another answer', async (t) => {
  const app = await testApp(t)
  t.match((await request(app, '/forward?PhoneNumber=1415', CALL)).body, /action="forward\?Dial=true"/)
  t.match((await request(app, '/forward/?PhoneNumber=1415', CALL)).body, /action="..\/forward\?Dial=true"/)
})

t.test('warnings are logged for cached answers too', async (t) => {
  const { app, lines } = await loggedApp(t)
  for (let i = 0; i < 3; i++) await request(app, '/forward?PhoneNumber=%2B14155551001&Timeout=2', CALL)
  t.equal(lines.filter((l) => l.param === 'Timeout').length, 3)
  t.same(await cacheCounts(app), { hit: 1, miss: 2 })
})

t.test('answers with side effects are never given again; the cache can be turned off', async (t) => {
  const app = await testApp(t)
  const greeting = response('<Say>Please leave a message after the beep.</Say><Record action="voicemail?Email=me%40example.com" transcribe="true" transcribeCallback="voicemail?Email=me%40example.com" recordingStatusCallback="voicemail?Email=me%40example.com"/>')
  for (let i = 0; i < 3; i++) t.same((await request(app, '/voicemail?Email=me%40example.com', CALL)).twiml, greeting)
  t.same(await cacheCounts(app), { hit: 1, miss: 2 }, 'the greeting is kept')
  const recorded = { ...CALL, RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', RecordingDuration: '300' }
  for (let i = 0; i < 3; i++) {
    t.same((await request(app, '/voicemail?Email=me%40example.com', recorded)).twiml, response('<Say>Thanks. Good bye.</Say><Hangup/>'))
  }
  t.same(await cacheCounts(app), { hit: 1, miss: 5 }, 'each recording callback queues its e-mail')
  const off = await testApp(t, { config: { responseCacheBytes: 0 } })
  await request(off, '/message?Message=hi', CALL)
  await request(off, '/message?Message=hi', CALL)
  t.same(await cacheCounts(off), { hit: 0, miss: 0 })
})

t.test('list parameters sent in the form count too', async (t) => {
  const app = await testApp(t)
  const first = await request(app, '/simulring?Timeout=15', { ...CALL, 'PhoneNumbers[]': '+14155551001' })
  const second = await request(app, '/simulring?Timeout=15', { ...CALL, 'PhoneNumbers[]': '+14155551002' })
  t.match(first.body, />\+14155551001</)
  t.match(second.body, />\+14155551002</)
  t.same(await cacheCounts(app), { hit: 0, miss: 2 })
})

t.test('one twimlet\'s answer never reaches another twimlet asked with the same query', async (t) => {
  const app = await testApp(t)
  t.match((await request(app, '/whisper?Language=ja-JP', CALL)).body, '<Gather')
  t.match((await request(app, '/conference?Language=ja-JP', CALL)).body, '<Conference>')
  t.match((await request(app, '/holdmusic?Language=ja-JP', CALL)).body, '保留音がありません')
})

t.test('an answer with `until` is given only from when it was kept until that instant', async (t) => {
  let now = 1_000
  const cache = new ResponseCache({ maxBytes: 1 << 20, clock: () => now })
  const params = Params.fromSearch('Open=Mon')
  const reads = params.record()
  params.string('Open')
  params.stopRecording()
  cache.set('hours?Open=Mon', { xml: '<Response/>', stage: 'open', issues: [], reads, until: 2_000 })
  t.equal(cache.get('hours?Open=Mon', Params.fromSearch('Open=Mon'))?.stage, 'open', 'before `until`')
  now = 1_999
  t.equal(cache.get('hours?Open=Mon', Params.fromSearch('Open=Mon'))?.stage, 'open', 'a millisecond before')
  now = 2_000
  t.equal(cache.get('hours?Open=Mon', Params.fromSearch('Open=Mon')), undefined, 'not at `until`')
  now = 999
  t.equal(cache.get('hours?Open=Mon', Params.fromSearch('Open=Mon')), undefined, 'nor before it was kept (a clock set back)')
  now = 2_500
  cache.set('hours?Open=Mon', { xml: '<Response><Hangup/></Response>', stage: 'closed', issues: [], reads, until: 3_000 })
  t.equal(cache.get('hours?Open=Mon', Params.fromSearch('Open=Mon'))?.stage, 'closed', 'the new answer, the stale one dropped')
  cache.set('forward?x', { xml: '<Response/>', stage: 'dial', issues: [], reads: new Map() })
  now = Number.MAX_SAFE_INTEGER
  t.equal(cache.get('forward?x', Params.fromSearch('x'))?.stage, 'dial', 'an answer without `until` does not expire')
})
