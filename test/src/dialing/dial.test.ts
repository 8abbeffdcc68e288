import t, { type Test } from 'tap'
import { CALL, request, testApp } from '../../fixtures/app.js'
import { dialOf } from '../../fixtures/calls.js'
import { response } from '../../fixtures/twiml.js'

/** The <Dial> attributes forward produces for the given extra query. */
async function attrsFor (t: Test, query: string): Promise<Record<string, string>> {
  const app = await testApp(t)
  const { action, ...attrs } = dialOf(await request(app, `/forward?PhoneNumber=%2B14155551001&${query}`, CALL)).attrs
  t.equal(action, 'forward?Dial=true')
  return attrs
}

t.test('Timeout is clamped to 5–600; anything not a whole number leaves the default', async (t) => {
  t.same(await attrsFor(t, 'Timeout=1'), { timeout: '5' })
  t.same(await attrsFor(t, 'Timeout=5'), { timeout: '5' })
  t.same(await attrsFor(t, 'Timeout=600'), { timeout: '600' })
  t.same(await attrsFor(t, 'Timeout=9999'), { timeout: '600' })
  for (const bad of ['abc', '12.5', '-3', '0x10', '1e3', '']) {
    t.same(await attrsFor(t, `Timeout=${bad}`), { timeout: '20' }, bad)
  }
})

t.test('TimeLimit 1–14400', async (t) => {
  t.same(await attrsFor(t, 'TimeLimit=120'), { timeout: '20', timeLimit: '120' })
  t.same(await attrsFor(t, 'TimeLimit=0'), { timeout: '20', timeLimit: '1' })
  t.same(await attrsFor(t, 'TimeLimit=99999'), { timeout: '20', timeLimit: '14400' })
})

t.test('Record: the five values and the true/false aliases', async (t) => {
  for (const value of ['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual']) {
    t.same(await attrsFor(t, `Record=${value}`), { timeout: '20', record: value }, value)
  }
  t.same(await attrsFor(t, 'Record=true'), { timeout: '20', record: 'record-from-answer' })
  t.same(await attrsFor(t, 'Record=false'), { timeout: '20', record: 'do-not-record' })
  t.same(await attrsFor(t, 'Record=Record-From-Answer'), { timeout: '20', record: 'record-from-answer' })
  t.same(await attrsFor(t, 'Record=always'), { timeout: '20' })
})

t.test('recording callbacks', async (t) => {
  t.same(await attrsFor(t, 'Record=true&RecordingStatusCallback=https%3A%2F%2Fexample.com%2Frec&RecordingStatusCallbackMethod=get&RecordingStatusCallbackEvent=in-progress%20completed%20absent'), {
    timeout: '20',
    record: 'record-from-answer',
    recordingStatusCallback: 'https://example.com/rec',
    recordingStatusCallbackMethod: 'GET',
    recordingStatusCallbackEvent: 'in-progress completed absent'
  })
  t.same(await attrsFor(t, 'RecordingStatusCallback=%2Frecordings&RecordingStatusCallbackEvent=completed,absent,exploded'), {
    timeout: '20', recordingStatusCallback: '/recordings', recordingStatusCallbackEvent: 'completed absent'
  })
  t.same(await attrsFor(t, 'RecordingStatusCallback=javascript%3Aalert(1)&RecordingStatusCallbackMethod=PUT&RecordingStatusCallbackEvent=nope'), { timeout: '20' })
})

t.test('Trim, RingTone, AnswerOnBridge, HangupOnStar', async (t) => {
  t.same(await attrsFor(t, 'Trim=trim-silence'), { timeout: '20', trim: 'trim-silence' })
  t.same(await attrsFor(t, 'Trim=do-not-trim'), { timeout: '20', trim: 'do-not-trim' })
  t.same(await attrsFor(t, 'Trim=sometimes'), { timeout: '20' })
  t.same(await attrsFor(t, 'RingTone=jp'), { timeout: '20', ringTone: 'jp' })
  t.same(await attrsFor(t, 'RingTone=US-OLD'), { timeout: '20', ringTone: 'us-old' })
  t.same(await attrsFor(t, 'RingTone=xx'), { timeout: '20' })
  t.same(await attrsFor(t, 'AnswerOnBridge=true&HangupOnStar=1'), { timeout: '20', answerOnBridge: 'true', hangupOnStar: 'true' })
  t.same(await attrsFor(t, 'AnswerOnBridge=false&HangupOnStar=maybe'), { timeout: '20', answerOnBridge: 'false' })
})

t.test('CallerId: a phone number or a client identifier', async (t) => {
  t.same(await attrsFor(t, 'CallerId=%2B14155550100'), { timeout: '20', callerId: '+14155550100' })
  t.same(await attrsFor(t, 'CallerId=client%3Ajoey'), { timeout: '20', callerId: 'client:joey' })
  t.same(await attrsFor(t, 'CallerId=%22%3E%3Cevil%2F%3E'), { timeout: '20' })
})

t.test('SendDigits goes on numbers', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=%2B14155551001&SendDigits=ww123%23', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number sendDigits="ww123#">+14155551001</Number></Dial>'))
  const bad = await request(app, '/forward?PhoneNumber=%2B14155551001&SendDigits=12abc', CALL)
  t.same(bad.twiml, response('<Dial action="forward?Dial=true" timeout="20"><Number>+14155551001</Number></Dial>'))
})

t.test('targets beyond phone numbers', async (t) => {
  const app = await testApp(t)
  const sim = 'DE0123456789abcdef0123456789abcdef'
  const cases: Array<[string, string]> = [
    ['sip:alice@example.com', '<Sip>sip:alice@example.com</Sip>'],
    ['client:alice', '<Client>alice</Client>'],
    [sim, `<Sim>${sim}</Sim>`],
    ['queue:support', '<Queue>support</Queue>'],
    ['conference:Team Room', '<Conference>Team Room</Conference>']
  ]
  for (const [typed, noun] of cases) {
    const res = await request(app, `/forward?PhoneNumber=${encodeURIComponent(typed)}`, CALL)
    t.same(res.twiml, response(`<Dial action="forward?Dial=true" timeout="20">${noun}</Dial>`), typed)
  }
})

t.test('the screening whisper goes on numbers, clients and SIP, not on SIMs, queues or conferences', async (t) => {
  const app = await testApp(t)
  const url = '/simulring?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=client%3Aalice&PhoneNumbers[]=sip%3Abob%40pbx.example.com&PhoneNumbers[]=DE0123456789abcdef0123456789abcdef'
  const res = await request(app, url, CALL)
  const w = 'whisper?HumanCheck=true'
  t.same(res.twiml, response(
    `<Dial action="simulring?Dial=true" timeout="20"><Number url="${w}">+14155551001</Number><Client url="${w}">alice</Client>` +
    `<Sip url="${w}">sip:bob@pbx.example.com</Sip><Sim>DE0123456789abcdef0123456789abcdef</Sim></Dial>`))
  const conf = await request(app, '/findme?PhoneNumbers[]=conference%3Aroom&PhoneNumbers[]=queue%3Asupport', CALL)
  t.same(dialOf(conf).legs, [{ noun: 'Conference', target: 'room', url: undefined }])
})

t.test('a <Client> rings at most 60 seconds', async (t) => {
  const app = await testApp(t)
  const res = await request(app, '/forward?PhoneNumber=client%3Aalice&Timeout=120', CALL)
  t.same(res.twiml, response('<Dial action="forward?Dial=true" timeout="60"><Client>alice</Client></Dial>'))
})

t.test('findme carries every <Dial> option to the next number', async (t) => {
  const app = await testApp(t)
  const options = 'CallerId=%2B14155550100&Timeout=25&TimeLimit=600&Record=record-from-answer-dual&RecordingStatusCallback=https%3A%2F%2Fexample.com%2Fr' +
    '&RecordingStatusCallbackMethod=GET&RecordingStatusCallbackEvent=completed&Trim=trim-silence&RingTone=uk&AnswerOnBridge=true&HangupOnStar=true&SendDigits=1'
  const first = dialOf(await request(app, `/findme?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=%2B14155551002&${options}`, CALL))
  const next = dialOf(await request(app, `/${first.action}`, { ...CALL, DialCallStatus: 'busy' }))
  const { action: a1, ...attrs1 } = first.attrs
  const { action: a2, ...attrs2 } = next.attrs
  t.ok(a1 !== undefined && a2 !== undefined)
  const expected = {
    callerId: '+14155550100',
    timeout: '25',
    timeLimit: '600',
    record: 'record-from-answer-dual',
    recordingStatusCallback: 'https://example.com/r',
    recordingStatusCallbackMethod: 'GET',
    recordingStatusCallbackEvent: 'completed',
    trim: 'trim-silence',
    ringTone: 'uk',
    answerOnBridge: 'true',
    hangupOnStar: 'true'
  }
  t.same(attrs1, expected)
  t.same(attrs2, expected)
  // The answered leg sees the CallerId as From: the whisper is told who is calling.
  t.same(next.legs, [{ noun: 'Number', target: '+14155551002', url: 'whisper?HumanCheck=true&CallFrom=%2B15105551212' }])
  t.match(await request(app, `/${first.action}`, { ...CALL, DialCallStatus: 'busy' }).then((r) => r.body), /sendDigits="1"/)
})
