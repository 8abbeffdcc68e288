import t from 'tap'
import { nestedRefs } from '../../../src/builder/nested.js'
import { twimlets } from '../../../twimlets/index.js'

const AT = new URL('https://calls.example.com/lines/forward?PhoneNumber=1')
const enc = encodeURIComponent
const refs = (query: string): Array<[string, string, string | undefined]> =>
  nestedRefs(query, AT, twimlets).map((ref) => [ref.param, ref.url.href, ref.twimlet?.name ?? ('message' in ref ? ref.message : undefined)])

t.test('relative URLs naming a twimlet, absolute ones on the same host or twimlets.com', async (t) => {
  t.same(refs(`FailUrl=${enc('voicemail?Email=a@b.com')}`), [['FailUrl', 'https://calls.example.com/lines/voicemail?Email=a@b.com', 'voicemail']])
  t.same(refs(`FailUrl=${enc('./voicemail?Email=x')}&Options[1]=${enc('../lines/menu')}&Options[2]=${enc('/lines/message?Message=Hi')}`).map((r) => r[2]), ['voicemail', 'menu', 'message'])
  t.same(refs(`FailUrl=${enc('voicemail/')}`).map((r) => r[2]), ['voicemail'])
  t.same(refs(`FailUrl=${enc('https://calls.example.com/lines/voicemail?Email=x')}`).map((r) => r[2]), ['voicemail'])
  t.same(refs(`FailUrl=${enc('https://twimlets.com/voicemail?Email=x')}`).map((r) => r[2]), ['voicemail'])
  t.same(refs(`Options[1]=${enc('#')}`), [['Options[1]', 'https://calls.example.com/lines/forward?PhoneNumber=1', 'forward']], 'the document itself')
  t.same(refs(`Options[1]=${enc('?PhoneNumber=2')}`).map((r) => r[2]), ['forward'])
  t.same(refs(`FailUrl=${enc('voicemail?Message=Leave a message')}`).map((r) => r[1]), ['https://calls.example.com/lines/voicemail?Message=Leave%20a%20message'], 'spaces, as pasted')
})

t.test('a URL of this service\'s folder that names no twimlet is a mistake, with the twimlet meant', async (t) => {
  t.same(refs(`FailUrl=${enc('voicemal?Email=x')}`), [['FailUrl', 'https://calls.example.com/lines/voicemal?Email=x', 'names no twimlet of this service; did you mean voicemail?']])
  t.same(refs(`FailUrl=${enc('https://calls.example.com/lines/xyz?a=1')}`).map((r) => r[2]), ['names no twimlet of this service'])
  t.same(refs(`FailUrl=${enc('https://twimlets.com/nothing?a=1')}`).map((r) => r[2]), ['names no twimlet of this service'])
})

t.test('what is not a URL of this service is left alone', async (t) => {
  const query = [
    `Message=${enc('Press 1/2 now?')}`, 'Message=voicemail', 'Music=classical', `Message=${enc('Hello?')}`,
    `FailUrl=${enc('https://elsewhere.example.com/voicemail?Email=x')}`, `FailUrl=${enc('https://calls.example.com/other/app?x=1')}`,
    `FailUrl=${enc('/other/handler?x=1')}`, `FailUrl=${enc('mailto:a@b.com')}`, `FailUrl=${enc('//evil.example.com/voicemail?x=1')}`,
    `RecordingUrl=${enc('https://calls.example.com/lines/voicemail?Email=x')}`, 'FailUrl='
  ].join('&')
  t.same(refs(query), [])
})
