import { readdir, readFile } from 'node:fs/promises'
import t from 'tap'
import { notTwiml, NOUNS, SSML, VERBS } from '../../../src/twiml/twiml-vocabulary.js'
import { parseXml } from '../../../src/twiml/xml.js'

const check = (xml: string): string | undefined => notTwiml(parseXml(xml, { maxDepth: 16, instructions: 'refuse' }))

t.test('the voice verbs and nouns, and SSML apart', async (t) => {
  for (const verb of ['Say', 'Play', 'Pause', 'Gather', 'Dial', 'Record', 'Redirect', 'Hangup', 'Reject', 'Enqueue', 'Leave', 'Connect', 'Start', 'Stop', 'Pay', 'Refer']) {
    t.ok(VERBS.has(verb), verb)
  }
  for (const noun of ['Number', 'Client', 'Conference', 'Sip', 'Sim', 'Parameter', 'Stream', 'Identity', 'Task', 'Transcription', 'Uri']) {
    t.ok(NOUNS.has(noun), noun)
  }
  // Twilio's VoiceResponse declares <Queue> at the top as well as inside <Dial>.
  t.ok(VERBS.has('Queue'))
  t.notOk(VERBS.has('Sms') || NOUNS.has('Sms'), '<Sms> is retired')
  t.notOk(VERBS.has('Response') || NOUNS.has('Response'), '<Response> is the root, not a verb')
  t.notOk([...SSML].some((name) => VERBS.has(name) || NOUNS.has(name)))
})

t.test('documents of TwiML pass', async (t) => {
  t.equal(check('<Response/>'), undefined)
  t.equal(check('<Response><Gather numDigits="1"><Say>a<break/><prosody rate="slow"><emphasis>b</emphasis></prosody></Say><Play>u</Play></Gather><Dial><Client><Identity>a</Identity><Parameter name="x" value="y"/></Client></Dial></Response>'), undefined)
  t.equal(check('<Response><Connect><Stream url="wss://e.com/s"><Parameter name="a" value="b"/></Stream></Connect><Start><Transcription/></Start></Response>'), undefined)
})

t.test('the first thing that is not TwiML is named', async (t) => {
  t.equal(check('<Say>x</Say>'), 'the root element is <Say>, not <Response>')
  t.equal(check('<Response x="1"/>'), '<Response> takes no attributes')
  t.equal(check('<Response><Say>a</Say><html/><body/></Response>'), '<html> is not a TwiML verb or noun')
  t.equal(check('<Response><Dial><Number><script/></Number></Dial></Response>'), '<script> is not a TwiML verb or noun')
  t.equal(check('<Response><Say><p><Dial/></p></Say></Response>'), '<Dial> is not SSML that <Say> takes')
  t.equal(check('<Response><Gather><p>x</p></Gather></Response>'), '<p> is not a TwiML verb or noun')
  t.equal(check('<Response><Response/></Response>'), '<Response> is not a TwiML verb or noun')
  t.equal(check('<Response><Say xmlns="urn:x">a</Say></Response>'), '<Say> declares a namespace (xmlns); TwiML has none')
  t.equal(check('<Response><Say a:b:c="1">a</Say></Response>'), '<Say> has an attribute "a:b:c" that is not TwiML')
  t.equal(check('<Response><Say ä="1">a</Say></Response>'), '<Say> has an attribute "ä" that is not TwiML')
  t.equal(check('<Response><Say><lang xml:lang="fr">a</lang><say-as interpret-as="digits">1</say-as></Say></Response>'), undefined)
})

t.test('URLs: http(s) or relative where Twilio fetches, wss:// for media streams', async (t) => {
  t.equal(check('<Response><Connect><Stream url="https://e.com/s"/></Connect></Response>'), '<Stream url> is not a wss:// URL')
  t.equal(check('<Response><Play>javascript:x</Play></Response>'), '<Play> holds something other than an http(s) or relative URL')
  t.equal(check('<Response><Redirect>next?a=1</Redirect><Play>https://e.com/a.mp3</Play></Response>'), undefined)
})

t.test('elements only where Twilio allows them, attributes as Twilio names them, in no other namespace', async (t) => {
  t.equal(check('<Response><Redirect><Say>a</Say></Redirect></Response>'), '<Say> cannot stand inside <Redirect>, which holds no elements')
  t.equal(check('<Response><Play><Say>a</Say></Play></Response>'), '<Say> cannot stand inside <Play>, which holds no elements')
  t.equal(check('<Response><Say h:onclick="x">a</Say></Response>'), '<Say> has an attribute "h:onclick" in a namespace TwiML does not declare ("h")')
  t.equal(check('<Response><Gather Action="/next"/></Response>'), '<Gather> has no attribute "Action" (Twilio spells it "action")')
  t.equal(check('<Response><Start><Transcription statusCallbackUrl="javascript:x"/></Start></Response>'), '<Transcription statusCallbackUrl> is not an http(s) or relative URL')
  t.equal(check('<Response><Say><lang xml:space="preserve">a</lang></Say></Response>'), '<lang> has no attribute "xml:space"')
  t.equal(check('<Response><Refer><Sip url="/x">sip:a@b.c</Sip></Refer></Response>'), '<Sip> has no attribute "url"', "<Sip> in <Refer> is not <Dial>'s")
  t.equal(check('<Response><Dial><Sip url="/x">sip:a@b.c</Sip></Dial></Response>'), undefined)
  t.equal(check('<Response><Say><amazon:effect name="whispered">a</amazon:effect></Say><Gather><Say><amazon:domain name="news">b</amazon:domain></Say></Gather></Response>'), undefined)
})

t.test('the service never loads the twilio package: the vocabulary is data written from it', async (t) => {
  for (const folder of ['src', 'twimlets']) {
    for (const file of (await readdir(folder, { recursive: true })).filter((name) => name.endsWith('.ts'))) {
      t.notMatch(await readFile(`${folder}/${file}`, 'utf8'), /from ['"]twilio[/'"]|import\(['"]twilio/, `${folder}/${file}`)
    }
  }
})
