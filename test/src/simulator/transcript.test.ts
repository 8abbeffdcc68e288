import t from 'tap'
import { transcriptText, type Transcript } from '../../../src/simulator/transcript.js'

t.test('the transcript as a person reads it', async (t) => {
  const transcript: Transcript = {
    url: 'https://calls.example.com/findme?PhoneNumbers[]=%2B14155551001',
    method: 'POST',
    result: 'completed',
    events: [
      { type: 'request', leg: 'caller', method: 'POST', url: 'https://calls.example.com/findme?PhoneNumbers[]=%2B14155551001', form: { CallSid: 'CA1', From: '+15105551212' }, status: 200, contentType: 'text/xml; charset=utf-8' },
      { type: 'dial', leg: 'caller', targets: ['+14155551001', '+14155551002'], timeout: 20 },
      { type: 'ring', leg: '+14155551001', result: 'busy', after: 1 },
      { type: 'ring', leg: '+14155551002', result: 'answered', after: 6 },
      { type: 'request', leg: '+14155551002', method: 'POST', url: 'https://calls.example.com/whisper', form: { Digits: '1', To: '+14155551002' }, status: 200, contentType: 'text/xml', notes: ['simulation: nothing sent'] },
      { type: 'say', leg: '+14155551002', text: 'Call for you', loop: 2 },
      { type: 'gather', leg: '+14155551002', digits: '1' },
      { type: 'bridged', leg: '+14155551002', seconds: 45, machine: false },
      { type: 'dial-end', leg: 'caller', status: 'completed', bridged: true },
      { type: 'record', leg: 'caller', seconds: 0 },
      { type: 'play', leg: 'wait music', url: 'https://example.com/a.mp3' },
      { type: 'external', leg: 'caller', url: 'https://example.com/vm' },
      { type: 'error', leg: 'caller', code: '11200', message: 'HTTP 500 from https://calls.example.com/x' },
      { type: 'hangup', leg: 'caller' }
    ],
    rang: [{ target: '+14155551001', result: 'busy' }, { target: '+14155551002', result: 'bridged' }],
    bridged: ['+14155551002'],
    requests: 2
  }
  t.equal(transcriptText(transcript), [
    'Rang +1 415 555 1001 (busy), +1 415 555 1002 (accepted, connected for 45 s) → said nothing at the beep: no message → ' +
      'went on to https://example.com/vm (another site, not followed) → ' +
      'error 11200 (HTTP 500 from https://calls.example.com/x): the caller hears “An application error has occurred”',
    '',
    'Call to POST https://calls.example.com/findme?PhoneNumbers[]=%2B14155551001',
    '→ POST https://calls.example.com/findme?PhoneNumbers[]=%2B14155551001 → 200 text/xml',
    '  dialing +14155551001, +14155551002 (ringing for up to 20 s)',
    '  +14155551001 is busy after 1 s',
    '  +14155551002 answers after 6 s',
    '[+14155551002] → POST https://calls.example.com/whisper → 200 text/xml',
    '    with Digits=1',
    '    (simulation: nothing sent)',
    '  +14155551002 hears: "Call for you" (2 times)',
    '  +14155551002 presses 1',
    '  +14155551002 is connected to the caller; they talk for 45 s',
    '  the dial ends: completed',
    '  the caller hears a beep and says nothing: no recording',
    '  the waiting caller hears audio: https://example.com/a.mp3',
    '  → https://example.com/vm: another site, not fetched; the call goes on there',
    "  ERROR 11200 on the caller's leg: HTTP 500 from https://calls.example.com/x",
    '  the line hangs up',
    'Result: completed; connected to +14155551002; rang +14155551001 (busy), +14155551002 (bridged); 2 requests',
    ''
  ].join('\n'))
})
