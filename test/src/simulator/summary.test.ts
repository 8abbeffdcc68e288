import t from 'tap'
import { main } from '../../../src/cli.js'
import { summarize } from '../../../src/simulator/summary.js'
import type { Transcript } from '../../../src/simulator/transcript.js'
import { sandboxCall } from '../../fixtures/simulate.js'

/**
 * The summary of whole simulated calls, played in the sandbox as /api/simulate plays them. Each
 * expected sentence is written from the scenario: who was dialed, what they and the caller do.
 */

const A = '+14155551001'
const B = '+14155551002'
const C = '+14155551003'
const enc = encodeURIComponent
const list = (name: string, ...values: string[]): string => values.map((v) => `${name}[]=${enc(v)}`).join('&')
const VOICEMAIL = `voicemail?Email=${enc('owner@example.com')}`

type Case = [name: string, path: string, script: Parameters<typeof sandboxCall>[2], summary: string]

const CASES: Case[] = [
  ['findme: busy, then a voicemail box screened out, then voicemail with the transcript',
    `findme?${list('PhoneNumbers', A, B)}&FailUrl=${enc(VOICEMAIL)}`, { parties: { [A]: 'busy', [B]: 'voicemail' } },
    'Rang +1 415 555 1001 (busy), +1 415 555 1002 (voicemail box, screened out) → voicemail: e-mail to owner@example.com, transcript included'],
  ['findme: nobody answers, no FailUrl',
    `findme?${list('PhoneNumbers', A, B)}&Timeout=10`, { parties: { [A]: 'no-answer', [B]: 'fails' } },
    'Rang +1 415 555 1001 (no answer), +1 415 555 1002 (failed)'],
  ['simulring: one accepts; one fails at once, the other stops ringing',
    `simulring?${list('PhoneNumbers', A, B, C)}`, { parties: { [A]: 'no-answer', [B]: 'accept', [C]: 'fails' }, talkSeconds: 30 },
    'Rang +1 415 555 1001 (stopped ringing), +1 415 555 1002 (accepted, connected for 30 s), +1 415 555 1003 (failed)'],
  ['simulring without screening: a voicemail box takes the call',
    `simulring?${list('PhoneNumbers', A)}&HumanCheck=false`, { parties: { [A]: 'voicemail' } },
    'Rang +1 415 555 1001 (a voicemail box answered, connected for 45 s)'],
  ['forward: answered, no screening',
    `forward?PhoneNumber=${enc(A)}`, { parties: { [A]: 'accept' }, talkSeconds: 12 },
    'Rang +1 415 555 1001 (answered, connected for 12 s)'],
  ['forward: a caller not on AllowedCallers',
    `forward?PhoneNumber=${enc(A)}&AllowedCallers[]=${enc(B)}`, {},
    'Caller refused: heard “Sorry, you are calling from a restricted number. Good bye.”'],
  ['menu: a wrong key, then an option that forwards',
    `menu?Message=${enc('Press 1 for sales')}&Options[1]=${enc(`forward?PhoneNumber=${enc(C)}`)}`, { digits: ['9', '1'], parties: { [C]: 'accept' } },
    'Pressed 9 (not an option) → pressed 1 → forward (PhoneNumber +1 415 555 1003): rang +1 415 555 1003 (answered, connected for 45 s)'],
  ['menu: an option on another site',
    `menu?Message=Hi&Options[2]=${enc('https://example.com/sales?team=Ö')}`, { digits: ['2'] },
    'Pressed 2 → went on to https://example.com/sales?team=Ö (another site, not followed)'],
  ['menu: an option that says a message',
    `menu?Message=Hi&Options[3]=${enc('message?Message=Bye%20now')}`, { digits: ['3'] },
    'Pressed 3 → message (Message Bye now): said “Bye now”'],
  ['conference: waiting for a moderator, with hold music',
    `conference?Name=Team&${list('Moderators', A)}&Music=classical`, {},
    'Joined conference “Team”, waiting for a moderator'],
  ['holdmusic: tracks and a message, over and over',
    'holdmusic?Bucket=com.example.music&Message=Hold', {},
    'Hold music (3 tracks, “Hold”) over and over, until the caller hangs up'],
  ['message: said, then played',
    `message?${list('Message', 'Hello', 'https://example.com/a.mp3')}`, {},
    'Said “Hello”, audio https://example.com/a.mp3'],
  ['voicemail without transcription',
    `${VOICEMAIL}&Transcribe=false`, {},
    'Voicemail: e-mail to owner@example.com, no transcript'],
  ['voicemail: too short a message for Twilio to transcribe',
    VOICEMAIL, { recordSeconds: 1 },
    'Voicemail: e-mail to owner@example.com, no transcript'],
  ['voicemail: the caller says nothing',
    VOICEMAIL, { recordSeconds: 0 },
    'Said nothing at the beep: no message'],
  ['voicemail: set up without an address',
    'voicemail', {},
    'Not set up: the caller heard “Sorry, this voicemail box is not set up yet: it has no e-mail address to send messages to. Good bye.”'],
  ['echo: rejected with a busy tone',
    `echo?Twiml=${enc('<Response><Reject reason="busy"/></Response>')}`, {},
    'Call rejected with a busy tone'],
  ['echo: nothing to do',
    `echo?Twiml=${enc('<Response/>')}`, {},
    'Answered with nothing to do: the call ended'],
  ['no such twimlet',
    'nothing-here', {},
    'Error 11200 (HTTP 404 from https://calls.example.com/lines/nothing-here): the caller hears “An application error has occurred”']
]

for (const [name, path, script, summary] of CASES) {
  t.test(name, async (t) => {
    const { transcript, script: read } = await sandboxCall(t, path, script)
    t.equal(summarize(transcript, { parties: read.parties }), summary)
  })
}

t.test('voicemail to an address this service refuses', async (t) => {
  const { transcript } = await sandboxCall(t, `voicemail?Email=${enc('someone@elsewhere.example')}`, {}, { smtpUrl: 'smtp://127.0.0.1:9', voicemailAllowedRecipients: ['owner@example.com'] })
  t.equal(summarize(transcript), 'Voicemail: e-mail to someone@elsewhere.example, which this service refuses')
})

t.test('without the parties, a screened-out voicemail box is only screened out', async (t) => {
  const { transcript } = await sandboxCall(t, `findme?${list('PhoneNumbers', A)}`, { parties: { [A]: 'voicemail' } })
  t.equal(summarize(transcript), 'Rang +1 415 555 1001 (screened out)')
})

t.test('in Japanese', async (t) => {
  const { transcript, script } = await sandboxCall(t, `findme?${list('PhoneNumbers', A, B)}&FailUrl=${enc(VOICEMAIL)}`, { parties: { [A]: 'busy', [B]: 'voicemail' } })
  t.equal(summarize(transcript, { lang: 'ja', parties: script.parties }),
    '+1 415 555 1001（話し中）、+1 415 555 1002（留守番電話、承諾されず）を呼び出し → 留守番電話: owner@example.comへメール、文字起こし付き')
  t.equal(summarize(transcript, { lang: 'ja-JP', parties: script.parties }), summarize(transcript, { lang: 'ja', parties: script.parties }), 'a region is the language')
  t.match(summarize(transcript, { lang: 'fr' }), /^Rang /, 'another language: English')
  const menu = await sandboxCall(t, `menu?Message=Hi&Options[1]=${enc(`forward?PhoneNumber=${enc(C)}`)}`, { digits: ['9', '1'] })
  t.equal(summarize(menu.transcript, { lang: 'ja' }),
    '9を押した（選択肢にない番号） → 1を押した → forward (PhoneNumber +1 415 555 1003): +1 415 555 1003（応答、45秒通話）を呼び出し')
  const problem = await sandboxCall(t, 'voicemail', {})
  t.equal(summarize(problem.transcript, { lang: 'ja' }),
    '設定が未完了: 発信者には「Sorry, this voicemail box is not set up yet: it has no e-mail address to send messages to. Good bye.」と案内')
})

t.test('an e-mail held for its transcription, which has not come: pending', async (t) => {
  const url = 'https://calls.example.com/voicemail?Email=owner%40example.com'
  const transcript: Transcript = {
    url,
    method: 'POST',
    result: 'completed',
    events: [
      { type: 'request', leg: 'caller', method: 'POST', url, form: {}, status: 200 },
      { type: 'say', leg: 'caller', text: 'Please leave a message after the beep.' },
      { type: 'record', leg: 'caller', seconds: 20, recordingUrl: 'https://api.twilio.com/x' },
      { type: 'request', leg: 'caller', method: 'POST', url, form: { RecordingDuration: '20' }, status: 200, notes: ['simulation: e-mail to owner@example.com, "Voicemail from x", held until the transcription arrives; not sent'] },
      { type: 'hangup', leg: 'caller' }
    ],
    rang: [],
    bridged: [],
    requests: 2
  }
  t.equal(summarize(transcript), 'Voicemail: e-mail to owner@example.com, transcript pending')
})

t.test('events it does not know are passed over', async (t) => {
  const { transcript } = await sandboxCall(t, `forward?PhoneNumber=${enc(A)}`, { parties: { [A]: 'busy' } })
  const events = [...transcript.events, { type: 'transcription', leg: 'caller', language: 'en-US', mode: 'realtime' }] as unknown as Transcript['events']
  t.equal(summarize({ ...transcript, events }), 'Rang +1 415 555 1001 (busy)')
})

t.test('twimlets simulate prints the summary first, then the call request by request', async (t) => {
  let out = ''
  const code = await main(['simulate', `simulring?${list('PhoneNumbers', A, B)}`, '--party', `${A}=busy`, '--party', `${B}=accept`],
    { out: (text) => { out += text }, err: () => {}, env: {} })
  t.equal(code, 0)
  t.match(out, /^Rang \+1 415 555 1001 \(busy\), \+1 415 555 1002 \(accepted, connected for 45 s\)\n\nCall to POST http:\/\/sandbox\.invalid\/simulring\?/)
})
