import t from 'tap'
import { TwiML } from '../../../src/twiml/twiml.js'
import { parseXml } from '../../../src/twiml/xml.js'

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

t.test('<Start><Transcription>: a real-time transcription begins', async (t) => {
  const doc = new TwiML().start((s) => s.transcription({ languageCode: 'ja-JP', track: 'inbound_track', statusCallbackUrl: 'https://e.com/v?a=1&b=2' })).record({})
  t.equal(doc.toString(), `${HEAD}<Response><Start><Transcription languageCode="ja-JP" track="inbound_track" statusCallbackUrl="https://e.com/v?a=1&amp;b=2"/></Start><Record/></Response>`)
})

t.test('text shaped like a reference stays text: every "&" is escaped', async (t) => {
  const doc = new TwiML().say('&foo; &lt; &#60; &#x3C; &amp;').redirect('next?a=1&b=&amp;', { method: 'GET' })
    .dial({ action: 'x?&lt;' }, (d) => d.noun('Conference', '&room;'))
  t.equal(doc.toString(), `${HEAD}<Response><Say>&amp;foo; &amp;lt; &amp;#60; &amp;#x3C; &amp;amp;</Say>` +
    '<Redirect method="GET">next?a=1&amp;b=&amp;amp;</Redirect><Dial action="x?&amp;lt;"><Conference>&amp;room;</Conference></Dial></Response>')
})

t.test('copy rebuilds elements read elsewhere, escaping their text and attributes', async (t) => {
  const read = parseXml('<Response><Say voice="a&amp;b">1 &lt; 2 &amp;x; <break time="1s"/><lang xml:lang="fr">oui</lang></Say><Hangup/></Response>',
    { maxDepth: 8, instructions: 'refuse' })
  t.equal(new TwiML().copy(read.children).toString(),
    `${HEAD}<Response><Say voice="a&amp;b">1 &lt; 2 &amp;x; <break time="1s"/><lang xml:lang="fr">oui</lang></Say><Hangup/></Response>`)
})
