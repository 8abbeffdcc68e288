import t from 'tap'
import { Params } from '../../../src/params/params.js'
import { httpUrl, Links, readUrl, twilioUrl, urlProblem, withSpeech } from '../../../src/params/urls.js'

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
})

/** What a written URL means to Twilio, from a findme document: the twimlet and its parameters. */
function meant (written: string): { path: string, params: Array<[string, string]> } {
  const url = new URL(written, 'https://host/findme')
  return { path: url.pathname, params: [...url.searchParams] }
}

t.test('a relative URL as people type it (spaces, non-ASCII, one level of encoding) is written percent-encoded', async (t) => {
  // FailUrl=voicemail?Email=me%40example.com%26Message=Sorry, nobody… once the outer URL is decoded:
  const typed = 'voicemail?Email=me@example.com&Message=Sorry, nobody can take your call'
  const written = twilioUrl(typed) ?? ''
  t.notMatch(written, /[\s"<>]/)
  t.same(meant(written), { path: '/voicemail', params: [['Email', 'me@example.com'], ['Message', 'Sorry, nobody can take your call']] })
  const japanese = twilioUrl('voicemail?Email=me@example.com&Message=ただいま電話に出られません') ?? ''
  t.match(japanese, /^[\x21-\x7e]+$/, 'ASCII only')
  t.same(meant(japanese).params, [['Email', 'me@example.com'], ['Message', 'ただいま電話に出られません']])
  t.same(meant(twilioUrl('my line/vm menu.xml?a=1') ?? ''), { path: '/my%20line/vm%20menu.xml', params: [['a', '1']] })
  t.equal(twilioUrl('../voice mail?x=a b#top of page'), '../voice%20mail?x=a%20b#top%20of%20page', 'dot segments keep their meaning')
  t.equal(twilioUrl('voicemail? x'), 'voicemail?%20x')
  t.equal(twilioUrl('a b?'), 'a%20b?', 'a lone ? stays')
})

t.test('a properly encoded URL is written unchanged', async (t) => {
  for (const url of [
    'voicemail?Email=me%40example.com&Message=Sorry%2C%20nobody%20can%20take%20your%20call',
    'voicemail?Email=me%40example.com&Message=%E3%81%9F%E3%81%A0%E3%81%84%E3%81%BE',
    'message?Message[]=a+b&Message[]=c%26d',
    '/twiml/next.xml?x=1#f'
  ]) t.equal(twilioUrl(url), url, url)
})

t.test('absolute http(s) URLs are encoded by URL too', async (t) => {
  t.equal(twilioUrl('https://example.com/vm?Message=Sorry, nobody'), 'https://example.com/vm?Message=Sorry,%20nobody')
  t.equal(twilioUrl('https://example.com/音声.mp3'), 'https://example.com/%E9%9F%B3%E5%A3%B0.mp3')
})

t.test('only what can never be a URL is refused, and urlProblem says why', async (t) => {
  const refused = new Map([
    ['//evil.example.com/x', /another host/],
    ['\\\\evil.example.com/x', /another host/],
    ['/\\evil.example.com/x', /another host/],
    ['data:text/xml,<Response/>', /data: URL/],
    ['javascript:alert(1)', /javascript: URL/],
    ['voicemail?Email=a\nb', /control character/],
    ['https://example.com/a\tb', /control character/],
    [`voicemail?Message=${'a'.repeat(3000)}`, /longer than/]
  ])
  for (const [bad, why] of refused) {
    t.equal(twilioUrl(bad), undefined, bad.slice(0, 30))
    t.match(urlProblem(bad), why, bad.slice(0, 30))
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

t.test('readUrl: a URL that can never work is an error saying what callers get instead', async (t) => {
  const params = Params.fromSearch(`FailUrl=${encodeURIComponent('javascript:alert(1)')}`)
  t.equal(readUrl(params, 'FailUrl', 'callers are hung up on instead of being sent there'), undefined)
  t.same(params.issues, [{ param: 'FailUrl', level: 'error', message: 'is a javascript: URL: only http(s) URLs and relative paths can be fetched; callers are hung up on instead of being sent there' }])
  const typed = Params.fromSearch('FailUrl=voicemail?Email=me%40example.com%26Message=Sorry,%20nobody')
  t.equal(readUrl(typed, 'FailUrl', 'x'), 'voicemail?Email=me@example.com&Message=Sorry,%20nobody')
  t.same(typed.issues, [])
})

t.test('withSpeech: a relative URL to a twimlet of this service inherits Language and Voice when it sets neither', async (t) => {
  const ja = { language: 'ja-JP', voice: 'Polly.Mizuki' }
  t.equal(withSpeech('voicemail?Email=a%40b.com', ja), 'voicemail?Email=a%40b.com&Language=ja-JP&Voice=Polly.Mizuki')
  t.equal(withSpeech('voicemail', { language: 'ja-JP' }), 'voicemail?Language=ja-JP')
  t.equal(withSpeech('../voicemail/?Email=a%40b.com#x', { language: 'fr-FR' }), '../voicemail/?Email=a%40b.com&Language=fr-FR#x')
  t.equal(withSpeech('/lines/menu?Options[1]=x', { voice: 'alice' }), '/lines/menu?Options[1]=x&Voice=alice')
  for (const own of ['voicemail?Email=a%40b.com&Language=en-US', 'voicemail?Email=a%40b.com&Voice=alice']) {
    t.equal(withSpeech(own, ja), own, `its own: ${own}`)
  }
  for (const other of ['https://example.com/voicemail?Email=a', 'echo?Twiml=x', 'twiml/next.xml', '?Round=2', '//h/voicemail']) {
    t.equal(withSpeech(other, ja), other, `not a speaking twimlet here: ${other}`)
  }
  t.equal(withSpeech('voicemail?Email=a', {}), 'voicemail?Email=a', 'nothing to inherit')
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
