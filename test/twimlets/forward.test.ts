import t from 'tap'
import { CALL, JP_CALL, loggedApp, request, resolve, testApp } from '../fixtures/app.js'
import { redirectOf } from '../fixtures/calls.js'
import { response } from '../fixtures/twiml.js'

const RESTRICTED = '<Say>Sorry, you are calling from a restricted number. Good bye.</Say>'

t.test('dials PhoneNumber, with the action back to itself, by POST and by GET', async (t) => {
  const app = await testApp(t)
  const expected = response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>')
  for (const method of ['POST', 'GET'] as const) {
    const res = await request(app, '/forward?PhoneNumber=%2B14155551001', CALL, method)
    t.equal(res.status, 200, method)
    t.match(res.contentType, /^text\/xml/)
    t.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?><Response>/)
    t.same(res.twiml, expected, method)
  }
})

t.test('a trailing slash answers the same', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward/?PhoneNumber=%2B14155551001', CALL)
  t.same(res.twiml, response('<Dial action="../forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>'))
})

t.test('an unencoded + in the URL still means +', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=+14155551001&Timeout=30', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="30"><Number>+14155551001</Number></Dial>'))
})

t.test('CallerId and Timeout', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=415-555-1001&CallerId=%2B14155550100&Timeout=45', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="45" callerId="+14155550100"><Number>415-555-1001</Number></Dial>'))
})

t.test('the action URL keeps the FailUrl= key (the Funlet lost it)', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&FailUrl=https%3A%2F%2Fexample.com%2Ffail%3Fa%3D1%26b%3D2', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true&amp;FailUrl=https://example.com/fail?a=1%26b=2" timeout="20"><Number>+14155551001</Number></Dial>'))
})

t.test('AllowedCallers compares phone numbers, not strings', async (t) => {
  const app = await testApp(t)
  const dial = response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>')
  for (const allowed of ['(510) 555-1212', '510-555-1212', '+15105551212', '15105551212', '5105551212']) {
    const url = `/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=${encodeURIComponent(allowed)}&AllowedCallers[]=%2B12125550000`
    t.same((await request(app, url, CALL)).twiml, dial, allowed)
  }
  const single = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers=510.555.1212', CALL)
  t.same(single.twiml, dial, 'a single AllowedCallers=')
})

t.test('the called number on the list lets the call through too', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=4155550100', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>'))
})

t.test('Caller and Called stand in for From and To (old API versions)', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=5105551212', { Caller: '+15105551212', Called: '+14155550100' })
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>'))
})

t.test('a caller not on AllowedCallers hears the refusal and nothing is dialed', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=%2B12125550000', CALL)
  t.same(res.twiml, response(RESTRICTED))
  const custom = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=%2B12125550000&AccessRestricted=Private%20line.&Voice=alice&Language=en-GB', CALL)
  t.same(custom.twiml, response('<Say voice="alice" language="en-GB">Private line.</Say>'))
  const audio = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=%2B12125550000&AccessRestricted=https%3A%2F%2Fexample.com%2Fno.mp3', CALL)
  t.same(audio.twiml, response('<Play>https://example.com/no.mp3</Play>'))
})

t.test('empty AllowedCallers entries are ignored: no list means everyone', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=&AllowedCallers[]=', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>'))
})

t.test('AllowedCallers matches callers by kind: look-alikes of an allowed number are refused', async (t) => {
  const app = await testApp(t)
  const url = '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=%2B15105551212'
  const dial = response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>')
  for (const from of ['client:5105551212', 'sip:5105551212@attacker.example', 'x15105551212y', 'client:+15105551212', 'sip:+15105551212@attacker.example']) {
    const res = await request(app, url, { ...CALL, From: from, Caller: from })
    t.same(res.twiml, response(RESTRICTED), from)
  }
  for (const allowed of ['+1 510 555 1212', '1 (510) 555-1212', '５１０ー５５５ー１２１２', '＋１　５１０　５５５　１２１２']) {
    t.same((await request(app, `/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=${encodeURIComponent(allowed)}`, CALL)).twiml, dial, allowed)
  }
})

t.test('AllowedCallers: client: names and sip: addresses let in only that client or address', async (t) => {
  const app = await testApp(t)
  const dial = response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>')
  const clients = '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=client%3Aalice'
  t.same((await request(app, clients, { ...CALL, From: 'client:alice', Caller: 'client:alice' })).twiml, dial, 'client:alice')
  for (const from of ['client:Alice', 'client:bob', 'alice', 'sip:alice@pbx.example.com', '+15105551212']) {
    t.same((await request(app, clients, { ...CALL, From: from, Caller: from })).twiml, response(RESTRICTED), from)
  }
  const sip = `/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=${encodeURIComponent('sip:alice@pbx.example.com')}`
  t.same((await request(app, sip, { ...CALL, From: 'sip:alice@PBX.example.com', Caller: 'sip:alice@PBX.example.com' })).twiml, dial, 'the host in any case')
  for (const from of ['sip:Alice@pbx.example.com', 'sip:alice@attacker.example', 'client:alice']) {
    t.same((await request(app, sip, { ...CALL, From: from, Caller: from })).twiml, response(RESTRICTED), from)
  }
})

t.test('AllowedCallers with no readable entry lets nobody in, and says why in the log', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=alice&AllowedCallers[]=queue%3Asupport', CALL)
  t.same(res.twiml, response(RESTRICTED))
  t.match(lines.filter((l) => l.param === 'AllowedCallers'), [
    { level: 40, msg: 'AllowedCallers "alice" is not a phone number, client: name or sip: address; it matches no caller' },
    { level: 40, msg: 'AllowedCallers "queue:support" is not a phone number, client: name or sip: address; it matches no caller' },
    { level: 50, msg: 'AllowedCallers no entry is a phone number, client: name or sip: address: every caller is refused' }
  ])
})

t.test('the whole call of an allowed client: dialed, then hung up when the call was answered; a look-alike never dialed', async (t) => {
  const app = await testApp(t)
  const url = '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=client%3Aalice&FailUrl=https%3A%2F%2Fexample.com%2Fvm'
  const alice = { ...CALL, From: 'client:alice', Caller: 'client:alice' }
  const first = await request(app, url, alice)
  t.same(first.twiml, response('<Dial action="forward?Dial=true&amp;FailUrl=https://example.com/vm" timeout="20"><Number>+14155551001</Number></Dial>'))
  const action = resolve(url, 'forward?Dial=true&FailUrl=https://example.com/vm')
  t.same((await request(app, action, { ...alice, DialCallStatus: 'completed' })).twiml, response('<Hangup/>'))
  t.same((await request(app, action, { ...alice, DialCallStatus: 'no-answer' })).twiml, response('<Redirect>https://example.com/vm</Redirect>'))
  const mallory = await request(app, url, { ...CALL, From: 'client:alice2', Caller: 'client:alice2' })
  t.same(mallory.twiml, response(RESTRICTED))
})

t.test('after the dial: connected hangs up, anything else goes to FailUrl', async (t) => {
  const app = await testApp(t)
  const base = '/forward?Dial=true&FailUrl=https%3A%2F%2Fexample.com%2Ffail'
  for (const status of ['completed', 'answered']) {
    t.same((await request(app, base, { ...CALL, DialCallStatus: status, DialCallSid: 'CA2', DialCallDuration: '31' })).twiml, response('<Hangup/>'), status)
  }
  for (const status of ['busy', 'no-answer', 'failed', 'canceled']) {
    t.same((await request(app, base, { ...CALL, DialCallStatus: status })).twiml, response('<Redirect>https://example.com/fail</Redirect>'), status)
    t.same((await request(app, '/forward?Dial=true', { ...CALL, DialCallStatus: status })).twiml, response('<Hangup/>'), `${status} without FailUrl`)
  }
})

t.test('the legacy DialStatus=answered counts as connected', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?Dial=true&FailUrl=https%3A%2F%2Fexample.com%2Ffail', { ...CALL, ApiVersion: '2008-08-01', DialStatus: 'answered' })
  t.same(res.twiml, response('<Hangup/>'))
})

t.test('answered but not bridged (DialBridged=false) is not connected', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?Dial=true&FailUrl=voicemail%3FEmail%3Dme%40example.com', { ...CALL, DialCallStatus: 'completed', DialBridged: 'false' })
  t.same(res.twiml, response('<Redirect>voicemail?Email=me@example.com</Redirect>'))
})

t.test('when the caller has already hung up, nothing more is done', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?Dial=true&FailUrl=https%3A%2F%2Fexample.com%2Ffail', { ...CALL, CallStatus: 'completed', DialCallStatus: 'no-answer' })
  t.same(res.twiml, response('<Hangup/>'))
})

t.test('an unknown or missing status is treated as not connected', async (t) => {
  const app = await testApp(t)
  const base = '/forward?Dial=true&FailUrl=https%3A%2F%2Fexample.com%2Ffail'
  t.same((await request(app, base, { ...CALL, DialCallStatus: 'exploded' })).twiml, response('<Redirect>https://example.com/fail</Redirect>'))
  t.same((await request(app, base, CALL)).twiml, response('<Redirect>https://example.com/fail</Redirect>'))
})

t.test('no PhoneNumber: a spoken explanation, never a 5xx', async (t) => {
  const app = await testApp(t)
  const sorry = response('<Say>Sorry, this line is not set up yet: it has no number to call. Good bye.</Say><Hangup/>')
  for (const url of ['/forward', '/forward?PhoneNumber=', '/forward?PhoneNumber=call%20me%20maybe']) {
    const res = await request(app, url, CALL)
    t.equal(res.status, 200, url)
    t.same(res.twiml, sorry, url)
  }
})

t.test('a FailUrl that is not http(s) is dropped: the call hangs up instead', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&FailUrl=javascript%3Aalert(1)', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>'))
  const after = await request(app, '/forward?Dial=true&FailUrl=ftp%3A%2F%2Fexample.com%2Fx', { ...CALL, DialCallStatus: 'busy' })
  t.same(after.twiml, response('<Hangup/>'))
})

const JA_RESTRICTED = '<Say language="ja-JP">申し訳ございません。お客様の電話番号からはおつなぎできません。失礼いたします。</Say>'
const JA_BAD_NUMBER = '<Say language="ja-JP">申し訳ございません。この回線には、発信できない電話番号が設定されています。失礼いたします。</Say><Hangup/>'

t.test('in Japan: Region=JP dials a national number in E.164 and compares AllowedCallers as numbers of Japan', async (t) => {
  const app = await testApp(t)
  const allowed = await request(app, '/forward?PhoneNumber=03-1234-5678&Region=JP&AllowedCallers[]=090-1234-5678&Language=ja-JP', JP_CALL)
  t.same(allowed.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+81312345678</Number></Dial>'))
  const refused = await request(app, '/forward?PhoneNumber=03-1234-5678&Region=JP&AllowedCallers[]=080-1111-2222&Language=ja-JP', JP_CALL)
  t.same(refused.twiml, response(JA_RESTRICTED), 'the refusal in Japanese')
  const line = await request(app, '/forward?PhoneNumber=03-1234-5678&Region=jp&AllowedCallers[]=050-1234-5678', JP_CALL)
  t.match(line.body, '<Number>+81312345678</Number>', 'the called 050 line on the list')
})

t.test('a number that cannot be valid in the Region is a configuration problem, spoken, never dialed', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, '/forward?PhoneNumber=090-1234-567&Region=JP&Language=ja-JP', JP_CALL)
  t.same(res.twiml, response(JA_BAD_NUMBER))
  t.notMatch(res.body, '<Dial')
  t.match(lines.find((l) => l.code === 'TW_BAD_NUMBER'), { level: 40, param: 'PhoneNumber', msg: 'configuration problem: PhoneNumber: no number that can be valid in JP' })
  t.match(lines.find((l) => l.param === 'PhoneNumber' && l.code === undefined), { msg: 'PhoneNumber "090-1234-567" is not a valid phone number in JP; not dialed' })
  const us = await request(app, '/forward?PhoneNumber=415-555-1001&Region=JP', CALL)
  t.same(us.twiml, response('<Say>Sorry, this line is set up with a phone number that cannot be called. Good bye.</Say><Hangup/>'),
    'a US number in national form is not a number of Japan')
})

t.test('CallerId=called shows the Twilio number that was called, as Twilio for KDDI Web Communications requires', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B819011112222&CallerId=called', JP_CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20" callerId="+815012345678"><Number>+819011112222</Number></Dial>'))
  const national = await request(app, '/forward?PhoneNumber=090-1111-2222&Region=JP&CallerId=050-1234-5678', JP_CALL)
  t.same(national.twiml, response('<Dial action="forward?Dial=true" timeout="20" callerId="+815012345678"><Number>+819011112222</Number></Dial>'))
})

t.test('operator defaults: DEFAULT_REGION, DEFAULT_CALLER_ID and DEFAULT_LANGUAGE apply to URLs that give none', async (t) => {
  const app = await testApp(t, { config: { defaultRegion: 'JP', defaultCallerId: 'called', defaultLanguage: 'ja-JP' } })
  const res = await request(app, '/forward?PhoneNumber=090-1111-2222', JP_CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20" callerId="+815012345678"><Number>+819011112222</Number></Dial>'))
  const caller = await request(app, '/forward?PhoneNumber=090-1111-2222&CallerId=caller', JP_CALL)
  t.same(caller.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+819011112222</Number></Dial>'), 'caller: the caller\'s own number')
  const refused = await request(app, '/forward?PhoneNumber=090-1111-2222&AllowedCallers[]=080-1111-2222', JP_CALL)
  t.same(refused.twiml, response(JA_RESTRICTED))
  const us = await request(app, '/forward?PhoneNumber=%2B14155551001&Region=US&Language=en-US', CALL)
  t.same(us.twiml, response('<Dial action="forward?Dial=true" timeout="20" callerId="+14155550100"><Number>+14155551001</Number></Dial>'), 'a URL overrides the region and language')
})

t.test('no PhoneNumber but a FailUrl: the caller goes there, as on the hosted Twimlets', async (t) => {
  const { app, lines } = await loggedApp(t)
  const res = await request(app, `/forward?FailUrl=${encodeURIComponent('voicemail?Email=me@example.com&Message=Nobody is here')}`, CALL)
  t.equal(redirectOf(res), 'voicemail?Email=me@example.com&Message=Nobody%20is%20here', 'written percent-encoded')
  t.match(lines.find((l) => l.param === 'PhoneNumber'), { level: 40, msg: 'PhoneNumber missing: nothing to dial, so callers are sent to the FailUrl' })
  // The whole call: the redirect is requested as Twilio resolves it, and voicemail answers.
  const greeting = await request(app, resolve('/forward', redirectOf(res)), CALL)
  t.same(greeting.twiml, response('<Say>Nobody is here</Say>' +
    '<Record action="voicemail?Email=me@example.com" transcribe="true" transcribeCallback="voicemail?Email=me@example.com" recordingStatusCallback="voicemail?Email=me@example.com"/>'))
})

t.test('a number that cannot be valid in the Region, with a FailUrl: the caller goes there', async (t) => {
  const app = await testApp(t)
  const res = await request(app, `/forward?PhoneNumber=090-1234-567&Region=JP&FailUrl=${encodeURIComponent('https://example.com/vm')}`, JP_CALL)
  t.same(res.twiml, response('<Redirect>https://example.com/vm</Redirect>'))
})

t.test('numbers typed on a Japanese keyboard: PhoneNumber, CallerId and AllowedCallers', async (t) => {
  const app = await testApp(t)
  const q = encodeURIComponent
  const url = `/forward?PhoneNumber=${q('０３ー１２３４ー５６７８')}&CallerId=${q('０５０－１２３４－５６７８')}&AllowedCallers[]=${q('０９０ー１２３４ー５６７８')}&Region=JP`
  const res = await request(app, url, JP_CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20" callerId="+815012345678"><Number>+81312345678</Number></Dial>'))
  const other = await request(app, url, { ...JP_CALL, From: '+818011112222', Caller: '+818011112222' })
  t.notMatch(other.body, '<Dial', 'a caller not on the list is refused')
})
