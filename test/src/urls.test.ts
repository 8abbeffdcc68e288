import t from 'tap'
import { httpUrl, Links, twilioUrl } from '../../src/urls.js'

t.test('httpUrl accepts only absolute http(s)', async (t) => {
  t.equal(httpUrl('https://example.com/a b.mp3'), 'https://example.com/a%20b.mp3')
  t.equal(httpUrl('HTTP://Example.com'), 'http://example.com/')
  for (const bad of ['javascript:alert(1)', 'ftp://x/y', 'file:///etc/passwd', 'not a url', `https://e.com/${'a'.repeat(3000)}`]) {
    t.equal(httpUrl(bad), undefined, bad.slice(0, 30))
  }
})

t.test('twilioUrl accepts relative references too', async (t) => {
  t.equal(twilioUrl('voicemail?Email=a%40b.com'), 'voicemail?Email=a%40b.com')
  t.equal(twilioUrl('/twiml/next.xml'), '/twiml/next.xml')
  t.equal(twilioUrl('https://example.com/x'), 'https://example.com/x')
  for (const bad of ['//evil.example.com/x', 'data:text/xml,<Response/>', 'a b', 'a"b', 'a<b']) {
    t.equal(twilioUrl(bad), undefined, bad)
  }
})

t.test('Links are relative to the current request', async (t) => {
  const q = new URLSearchParams({ Message: 'a b+c', 'PhoneNumbers[]': '+1' })
  t.equal(new Links('/findme').to('whisper', q), 'whisper?Message=a%20b%2Bc&PhoneNumbers%5B%5D=%2B1')
  t.equal(new Links('/twimlets/findme/').to('findme', new URLSearchParams({ Dial: 'true' })), '../findme?Dial=true')
  t.equal(new Links('/findme').to('whisper', new URLSearchParams()), 'whisper')
  t.equal(new URL(new Links('/p/findme/').to('whisper', q), 'https://h.example/p/findme/').pathname, '/p/whisper')
})
