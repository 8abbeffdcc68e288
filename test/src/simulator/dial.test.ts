import t from 'tap'
import { testApp } from '../../fixtures/app.js'
import { BASE, call, heard, matchEach, requests } from '../../fixtures/simulate.js'
import { testFolder } from '../../fixtures/folder.js'

/** <Dial> as the simulator plays it, on documents written out through echo. */

const A = '+14155551001'
const B = '+14155551002'
const echo = (twiml: string): string => `echo?Twiml=${encodeURIComponent(`<Response>${twiml}</Response>`)}`
const ACTION = 'message?Message=after'

type App = Awaited<ReturnType<typeof testApp>>
let app: App
t.before(async () => { app = await testApp(t, { config: { outboxDir: testFolder(t) } }) })

/** The parameters of the action request, as Twilio posted them. */
function action (transcript: Awaited<ReturnType<typeof call>>): Record<string, string> {
  const last = transcript.events.filter((e) => e.type === 'request' && e.url.startsWith(`${BASE}message`)).at(-1)
  return last?.type === 'request' ? last.form : {}
}

t.test('every target rings at once; the first to answer is connected and the others stop ringing', async (t) => {
  const transcript = await call(app, echo(`<Dial action="${ACTION}" timeout="25"><Number>${A}</Number><Number>${B}</Number></Dial>`), {
    parties: { [A]: 'accept@10', [B]: 'accept@4' }
  })
  matchEach(t, heard(transcript), [
    { type: 'dial', targets: [A, B], timeout: 25 },
    { type: 'ring', leg: B, result: 'answered', after: 4 },
    { type: 'bridged', leg: B, machine: false },
    { type: 'ring', leg: A, result: 'canceled' },
    { type: 'dial-end', status: 'completed', bridged: true },
    { type: 'say', text: 'after' }
  ])
  t.match(action(transcript), { DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: '45', DialCallSid: /^CA[0-9a-f]{32}$/ })
})

t.test('without screening, a voicemail box that answers takes the call', async (t) => {
  const transcript = await call(app, echo(`<Dial action="${ACTION}"><Number>${A}</Number><Number>${B}</Number></Dial>`), {
    parties: { [A]: 'voicemail', [B]: 'accept' }
  })
  t.same(transcript.bridged, [A])
  t.match(heard(transcript).find((e) => e.type === 'bridged'), { leg: A, machine: true })
})

t.test('a phone that would answer only after the timeout does not answer', async (t) => {
  const transcript = await call(app, echo(`<Dial timeout="20" action="${ACTION}"><Number>${A}</Number></Dial>`), { parties: { [A]: 'accept@30' } })
  t.match(heard(transcript)[1], { type: 'ring', leg: A, result: 'no-answer', after: 20 })
  t.match(action(transcript), { DialCallStatus: 'no-answer', DialBridged: 'false', DialCallDuration: '0' })
})

t.test('the status of a dial nobody answered: no-answer over busy over failed', async (t) => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ [A]: 'busy', [B]: 'busy' }, 'busy'],
    [{ [A]: 'busy', [B]: 'fails' }, 'busy'],
    [{ [A]: 'fails', [B]: 'fails' }, 'failed'],
    [{ [A]: 'no-answer', [B]: 'busy' }, 'no-answer']
  ]
  for (const [parties, status] of cases) {
    const transcript = await call(app, echo(`<Dial action="${ACTION}"><Number>${A}</Number><Number>${B}</Number></Dial>`), { parties })
    t.equal(action(transcript).DialCallStatus, status, JSON.stringify(parties))
  }
})

t.test('targets are found by digits, and client:, sip: targets by name', async (t) => {
  const transcript = await call(app, echo(`<Dial action="${ACTION}"><Number>(415) 555-1001</Number><Client>alice</Client><Sip>sip:bob@example.com</Sip></Dial>`), {
    parties: { '+1 415 555 1001': 'busy', 'client:Alice': 'fails', 'sip:bob@example.com': 'accept' }
  })
  t.same(transcript.rang, [{ target: 'client:alice', result: 'failed' }, { target: '(415) 555-1001', result: 'busy' }, { target: 'sip:bob@example.com', result: 'bridged' }])
})

t.test('a target given no outcome answers and accepts, and the transcript says so', async (t) => {
  const transcript = await call(app, echo(`<Dial>${A}</Dial>`))
  t.match(heard(transcript), [{ type: 'dial', targets: [A] }, { type: 'note', text: `no outcome given for ${A}: answers and accepts` }])
  t.same(transcript.bridged, [A])
})

t.test('the screening leg is called from the caller ID, and a recorded dial reports its recording', async (t) => {
  const whisper = 'whisper?HumanCheck=true'
  const transcript = await call(app, echo(`<Dial callerId="+14155550199" record="record-from-answer" action="${ACTION}"><Number url="${whisper}">${A}</Number></Dial>`), {
    parties: { [A]: 'accept:9' }
  })
  const screening = transcript.events.find((e) => e.type === 'request' && e.leg === A)
  t.match(screening, { form: { From: '+14155550199', To: A, Direction: 'outbound-dial', ParentCallSid: /^CA/, CallStatus: 'in-progress' } })
  t.match(heard(transcript).find((e) => e.type === 'gather'), { leg: A, digits: '9' })
  t.match(action(transcript), { DialBridged: 'true', RecordingUrl: /\/Recordings\/RE[0-9a-f]{32}$/, RecordingDuration: '45' })
})

t.test('a screening document on another site is named, not fetched; the party is taken at its word', async (t) => {
  const transcript = await call(app, echo(`<Dial><Number url="https://example.com/screen">${A}</Number><Number url="https://example.com/screen">${B}</Number></Dial>`), {
    parties: { [A]: 'silent@1', [B]: 'accept' }
  })
  matchEach(t, heard(transcript), [
    { type: 'dial' },
    { type: 'ring', leg: A, result: 'answered' },
    { type: 'external', leg: A, url: 'https://example.com/screen' },
    { type: 'note', leg: A, text: /taken to refuse/ },
    { type: 'screened-out', leg: A },
    { type: 'ring', leg: B, result: 'answered' },
    { type: 'external', leg: B },
    { type: 'note', leg: B, text: /taken to accept/ },
    { type: 'bridged', leg: B },
    { type: 'dial-end', status: 'completed', bridged: true }
  ])
  t.equal(transcript.result, 'completed', 'the call itself completed here')
})

t.test('a queue is joined, and not followed further', async (t) => {
  const transcript = await call(app, echo('<Dial><Queue>support</Queue></Dial><Say>never heard</Say>'))
  t.same(heard(transcript), [{ type: 'queue', leg: 'caller', name: 'support' }])
})

t.test('a conference that waits for a moderator: the wait music is requested as the room asks', async (t) => {
  const wait = 'message?Message=Please%20wait'
  const transcript = await call(app, echo(`<Dial action="${ACTION}"><Conference startConferenceOnEnter="false" waitUrl="${wait}" waitMethod="GET">room</Conference></Dial>`), { talkSeconds: 60 })
  matchEach(t, heard(transcript), [
    { type: 'conference', name: 'room', startsOnEnter: false },
    { type: 'say', leg: 'wait music', text: 'Please wait' },
    { type: 'note', leg: 'caller', text: 'the caller stays in the conference for 60 s, then hangs up' }
  ])
  t.same(requests(transcript, 'DialCallStatus', 'CallStatus').slice(1), [
    'wait music GET message?Message=Please wait 200 CallStatus=in-progress',
    'caller (gone) POST message?Message=after 200 DialCallStatus=answered CallStatus=completed'
  ])
  t.equal(transcript.result, 'completed')
})
