import t from 'tap'
import { composeVoicemail, type Voicemail } from '../../../src/mail/voicemail-mail.js'

const RECORDING = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1.mp3'
const VOICEMAIL: Voicemail = {
  to: 'owner@example.com',
  caller: '+15105551212',
  called: '+14155550100',
  receivedAt: new Date(Date.UTC(2026, 4, 5, 17, 4, 5)),
  durationSeconds: 14,
  recordingUrl: RECORDING,
  transcript: { kind: 'text', text: 'Hi, call me back.' },
  timeZone: 'UTC'
}

t.test('subject and text name the caller, the time, the transcript and the recording', async (t) => {
  const mail = composeVoicemail(VOICEMAIL)
  t.equal(mail.to, 'owner@example.com')
  t.equal(mail.subject, 'Voicemail from (510) 555-1212 (May 5, 2026, 5:04 PM)')
  t.equal(mail.text, [
    'Voicemail from (510) 555-1212',
    '',
    'From:     (510) 555-1212 (+15105551212, United States)',
    'To:       (415) 555-0100',
    'Received: Tuesday, May 5, 2026 at 5:04:05 PM UTC',
    'Length:   14 seconds',
    '',
    'Transcript:',
    'Hi, call me back.',
    '',
    `Listen to the recording: ${RECORDING}`,
    ''
  ].join('\n'))
})

t.test('the HTML part says the same, with links', async (t) => {
  const { html } = composeVoicemail(VOICEMAIL)
  t.match(html, /^<!DOCTYPE html><html lang="en-US">/)
  t.match(html, '<title>Voicemail from (510) 555-1212 (May 5, 2026, 5:04 PM)</title>')
  t.match(html, '<h2>Voicemail from <a href="tel:+15105551212">(510) 555-1212</a></h2>')
  t.match(html, '<tr><th align="left">Received</th><td>Tuesday, May 5, 2026 at 5:04:05 PM UTC</td></tr>')
  t.match(html, '<h3>Transcript</h3><p style="white-space: pre-wrap">Hi, call me back.</p>')
  t.match(html, `<a href="${RECORDING}">Listen to the recording</a>`)
})

t.test('every caller value is text in the HTML, never markup or a reference', async (t) => {
  const { html, text } = composeVoicemail({
    ...VOICEMAIL,
    caller: 'client:<img src=x onerror=alert(1)>',
    transcript: { kind: 'text', text: '<script>alert("x")</script> &lt;b&gt; &#60;i&#62; & done\u0000' },
    recordingUrl: 'https://x.example/r.mp3?a=1&b="2"'
  })
  t.notMatch(html, /<script|<img|<b>|<i>/)
  t.match(html, '<h2>Voicemail from client:&lt;img src=x onerror=alert(1)&gt;</h2>')
  t.match(html, '&lt;script&gt;alert("x")&lt;/script&gt; &amp;lt;b&amp;gt; &amp;#60;i&amp;#62; &amp; done</p>')
  t.match(html, '<a href="https://x.example/r.mp3?a=1&amp;b=&quot;2&quot;">')
  t.match(text, '<script>alert("x")</script> &lt;b&gt; &#60;i&#62; & done\n', 'the text part is plain text, control characters dropped')
})

t.test('what stands where the transcript would', async (t) => {
  const note = (transcript: Voicemail['transcript']): string => composeVoicemail({ ...VOICEMAIL, transcript }).text
  t.notMatch(note({ kind: 'off' }), /Transcript|transcri/)
  t.match(note({ kind: 'failed' }), '\nTwilio could not transcribe this message.\n')
  t.match(note({ kind: 'out-of-range' }), '\nNot transcribed: Twilio transcribes messages of 2 to 120 seconds.\n')
  t.match(note({ kind: 'late', waitedMs: 600_000 }), '\nThe transcription had not arrived 10 minutes after the message was left.\n')
  t.match(note({ kind: 'late', waitedMs: 30_000 }), 'had not arrived 30 seconds after')
  t.match(note({ kind: 'text', text: '  ' }), '\nThe transcription is empty.\n')
  t.notMatch(note({ kind: 'text', text: '  ' }), 'Transcript:')
  // A real-time transcription the wait ended: what had arrived, and a sentence saying so.
  t.match(note({ kind: 'partial', text: 'Hi, it is', waitedMs: 600_000 }),
    '\nTranscript:\nHi, it is\n\nThe transcription had not finished 10 minutes after the message was left; this is what had arrived.\n')
  t.match(note({ kind: 'partial', text: '', waitedMs: 600_000 }), '\nThe transcription had not arrived 10 minutes after the message was left.\n')
  t.equal(composeVoicemail({ ...VOICEMAIL, transcript: { kind: 'failed' } }).transcript, 'Twilio could not transcribe this message.', 'what the e-mail says of it, for notes')
  t.equal(composeVoicemail(VOICEMAIL).transcript, 'Hi, call me back.')
})

t.test('no caller, no number called, no length, no recording link', async (t) => {
  const mail = composeVoicemail({ ...VOICEMAIL, caller: undefined, called: undefined, durationSeconds: undefined, recordingUrl: undefined })
  t.equal(mail.subject, 'Voicemail from an unknown caller (May 5, 2026, 5:04 PM)')
  t.equal(mail.text, [
    'Voicemail from an unknown caller',
    '',
    'From:     an unknown caller',
    'Received: Tuesday, May 5, 2026 at 5:04:05 PM UTC',
    '',
    'Transcript:',
    'Hi, call me back.',
    '',
    'Twilio sent no link to the recording.',
    ''
  ].join('\n'))
  t.notMatch(mail.html, '<th align="left">To</th>')
  t.match(mail.html, '<p>Twilio sent no link to the recording.</p>')
})

t.test('in the operator\'s language and time zone (MAIL_LOCALE, MAIL_TIME_ZONE)', async (t) => {
  const mail = composeVoicemail({ ...VOICEMAIL, caller: '+819012345678', called: '+815012345678', locale: 'ja-JP', timeZone: 'Asia/Tokyo' })
  t.equal(mail.subject, '090-1234-5678 からの留守番電話 (2026/05/06 2:04)')
  t.equal(mail.text, [
    '090-1234-5678 からの留守番電話',
    '',
    '発信者:  090-1234-5678 (+819012345678, 日本)',
    '着信番号: 050-1234-5678',
    '受信日時: 2026年5月6日水曜日 2:04:05 JST',
    '長さ:   14秒',
    '',
    '文字起こし:',
    'Hi, call me back.',
    '',
    `録音を聞く: ${RECORDING}`,
    ''
  ].join('\n'))
  t.match(mail.html, /^<!DOCTYPE html><html lang="ja-JP">/)
  t.match(mail.html, '<h2><a href="tel:+819012345678">090-1234-5678</a> からの留守番電話</h2>', 'the number, a link, where the sentence puts it')
  t.match(mail.html, `<a href="${RECORDING}">録音を聞く</a>`)
})

t.test('each language names the caller, the time and the notes its own way', async (t) => {
  const at = (locale: string): ReturnType<typeof composeVoicemail> => composeVoicemail({ ...VOICEMAIL, locale, transcript: { kind: 'late', waitedMs: 600_000 } })
  t.equal(at('de-DE').subject, 'Sprachnachricht von (510) 555-1212 (05.05.2026, 17:04)')
  t.match(at('de-DE').text, '\nDas Transkript war 10 Minuten nach dem Hinterlassen der Nachricht noch nicht eingetroffen.\n')
  t.equal(at('fr-FR').subject, 'Message vocal de (510) 555-1212 (5 mai 2026, 17:04)')
  t.match(at('fr-FR').text, 'De:      (510) 555-1212 (+15105551212, États-Unis)\n')
  t.equal(at('es-MX').subject, 'Mensaje de voz de (510) 555-1212 (5 may 2026, 5:04 p.m.)')
  t.match(at('pt-BR').text, '\nDuração:     14 segundos\n')
  t.equal(composeVoicemail({ ...VOICEMAIL, caller: undefined, locale: 'fr-FR' }).subject, 'Message vocal d\'un numéro inconnu (5 mai 2026, 17:04)')
  t.match(composeVoicemail({ ...VOICEMAIL, caller: undefined, locale: 'fr-FR' }).html, '<h2>Message vocal d\'un numéro inconnu</h2>')
})
