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

t.test('Links made absolute, for callbacks Twilio takes only absolute', async (t) => {
  const fixed = new Links('/voicemail/', { href: () => 'https://calls.example.com/lines/voicemail/?Email=a', fixed: true })
  t.equal(fixed.absolute(fixed.to('voicemail', new URLSearchParams({ Email: 'a@b.c' }))), 'https://calls.example.com/lines/voicemail?Email=a%40b.c')
  t.equal(fixed.hostBound, false, 'PUBLIC_URL: the same for every request to the path')
  const host = new Links('/voicemail', { href: () => 'http://calls.example.com/voicemail', fixed: false })
  t.equal(host.hostBound, false)
  t.equal(host.absolute('voicemail?x=1'), 'http://calls.example.com/voicemail?x=1')
  t.equal(host.hostBound, true, 'from the request\'s Host: that request\'s alone')
  t.equal(new Links('/voicemail').absolute('voicemail?x=1'), 'voicemail?x=1', 'no request behind it: relative')
})

t.test('Links are relative to the current request', async (t) => {
  const q = new URLSearchParams({ Message: 'a b+c', 'PhoneNumbers[]': '+1' })
  t.equal(new Links('/findme').to('whisper', q), 'whisper?Message=a%20b%2Bc&PhoneNumbers%5B%5D=%2B1')
  t.equal(new Links('/twimlets/findme/').to('findme', new URLSearchParams({ Dial: 'true' })), '../findme?Dial=true')
  t.equal(new Links('/findme').to('whisper', new URLSearchParams()), 'whisper')
  t.equal(new URL(new Links('/p/findme/').to('whisper', q), 'https://h.example/p/findme/').pathname, '/p/whisper')
})

t.test('Links.typed: a relative URL from the query means a sibling, from /name and /name/ alike', async (t) => {
  for (const path of ['/menu', '/lines/menu', '/menu/', '/lines/menu/']) {
    const links = new Links(path)
    const from = `https://h.example${path}`
    const sibling = path.replace(/menu\/?$/, 'message')
    t.equal(new URL(links.typed('message?Message=hi'), from).pathname, sibling, `message from ${path}`)
    t.equal(new URL(links.typed('./message'), from).pathname, sibling, `./message from ${path}`)
    t.equal(links.typed('https://example.com/x'), 'https://example.com/x')
    t.equal(links.typed('/twiml/next.xml'), '/twiml/next.xml')
    t.equal(new URL(links.typed('?Round=2'), from).pathname, path, `a bare query stays on ${path}`)
  }
})

t.test('a next URL longer than Twilio takes is refused, naming the longest parameter', async (t) => {
  const links = new Links('/menu')
  const fits = links.to('menu', new URLSearchParams({ Options: 'a'.repeat(3987) }))
  t.equal(fits.length, 4000)
  t.throws(() => links.to('menu', new URLSearchParams({ Round: '2', Options: 'a'.repeat(3988) })), { name: 'ConfigProblem', code: 'TW_URL_TOO_LONG', param: 'Options' })
})
