import t from 'tap'
import { TwiML } from '../../src/twiml.js'

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>'

t.test('an empty document', async (t) => {
  t.equal(new TwiML().toString(), `${HEAD}<Response/>`)
})

t.test('every <Say> speaks with the document\'s voice and language', async (t) => {
  const doc = new TwiML({ voice: 'alice', language: 'en-GB' }).say('a').gather({ numDigits: 1 }, (g) => g.say('b').pause(2))
  t.equal(doc.toString(), `${HEAD}<Response><Say voice="alice" language="en-GB">a</Say><Gather numDigits="1"><Say voice="alice" language="en-GB">b</Say><Pause length="2"/></Gather></Response>`)
})

t.test('text and attributes are escaped; characters XML cannot carry are dropped', async (t) => {
  const doc = new TwiML().say('<Hangup/> & "quotes" \u0000\u0007 \ud800 ünïcødé 😀').play('https://e.com/?a=1&b="2"')
  t.equal(doc.toString(), `${HEAD}<Response><Say>&lt;Hangup/&gt; &amp; "quotes"   ünïcødé 😀</Say><Play>https://e.com/?a=1&amp;b="2"</Play></Response>`)
  const attr = new TwiML().dial({ action: 'x?a="1"&b=<2>' }, (d) => d.noun('Number', '1'))
  t.equal(attr.toString(), `${HEAD}<Response><Dial action="x?a=&quot;1&quot;&amp;b=&lt;2&gt;"><Number>1</Number></Dial></Response>`)
})

t.test('verbs', async (t) => {
  const doc = new TwiML().record({ maxLength: 60, transcribe: true }).redirect().redirect('next', { method: 'GET' }).reject('busy').hangup()
  t.equal(doc.toString(), `${HEAD}<Response><Record maxLength="60" transcribe="true"/><Redirect/><Redirect method="GET">next</Redirect><Reject reason="busy"/><Hangup/></Response>`)
  t.equal(new TwiML().message({ kind: 'play', url: 'https://e.com/a.mp3' }).message({ kind: 'say', text: 'hi' }).toString(),
    `${HEAD}<Response><Play>https://e.com/a.mp3</Play><Say>hi</Say></Response>`)
})
