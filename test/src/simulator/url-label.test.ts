import t from 'tap'
import { readableNumber, urlLabel } from '../../../src/simulator/url-label.js'

const BASE = 'https://calls.example.com/lines/'

t.test('a twimlet URL of the service: its name and parameters, decoded', async (t) => {
  t.same(urlLabel(`${BASE}forward?PhoneNumber=%2B14155551003&Timeout=15`, BASE), {
    twimlet: 'forward',
    params: [['PhoneNumber', '+1 415 555 1003'], ['Timeout', '15']],
    text: 'forward (PhoneNumber +1 415 555 1003; Timeout 15)'
  })
  t.equal(urlLabel(`${BASE}message?Message[]=Hello%20there&Message[]=Bye`, BASE).text, 'message (Message Hello there, Bye)', 'a list: its values together')
  t.equal(urlLabel(`${BASE}findme?Dial=true&Round=2&PhoneNumbers%5B%5D=%2B14155551002`, BASE).text, 'findme (PhoneNumbers +1 415 555 1002)',
    'the twimlet\'s own state left out')
  t.equal(urlLabel(`${BASE}holdmusic`, BASE).text, 'holdmusic')
})

t.test('a nested URL: the twimlet and its parameters, not %-soup', async (t) => {
  const failUrl = encodeURIComponent(`voicemail?Email=${encodeURIComponent('owner@example.com')}`)
  t.equal(urlLabel(`${BASE}findme?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=%2B819012345678&FailUrl=${failUrl}`, BASE).text,
    'findme (PhoneNumbers +1 415 555 1001, +81 90 1234 5678; FailUrl voicemail (Email owner@example.com))')
  t.equal(urlLabel(`${BASE}menu?Options[1]=${encodeURIComponent(`${BASE}message?Message=Hi`)}`, BASE).text, 'menu (Options message (Message Hi))', 'absolute, too')
  t.equal(urlLabel(`${BASE}message?Message=${encodeURIComponent('Why? Because=yes, really')}`, BASE).text, 'message (Message Why? Because=yes, really)',
    'text with a question mark is text')
})

t.test('other sites: the address, readable', async (t) => {
  t.same(urlLabel('https://example.com/sales%20team?q=%E3%81%82', BASE), { twimlet: undefined, params: [], text: 'https://example.com/sales team?q=あ' })
  t.equal(urlLabel('https://example.com/%E3%81', BASE).text, 'https://example.com/%E3%81', 'as given when it does not decode')
  t.equal(urlLabel('https://twimlets.com/voicemail?Email=a%40example.com', BASE).text, 'twimlets.com voicemail (Email a@example.com)', 'the hosted twimlets by name')
  t.equal(urlLabel('https://calls.example.com/other/forward?PhoneNumber=1', BASE).text, 'https://calls.example.com/other/forward?PhoneNumber=1', 'outside the service\'s folder')
})

t.test('long values are cut short', async (t) => {
  const text = urlLabel(`${BASE}message?Message=${'a'.repeat(200)}`, BASE).text
  t.equal(text, `message (Message ${'a'.repeat(59)}…)`)
})

t.test('numbers grouped as written from abroad; anything else as typed', async (t) => {
  t.equal(readableNumber('+14155551001'), '+1 415 555 1001')
  t.equal(readableNumber('+44 20 7183 8750'), '+44 20 7183 8750')
  t.equal(readableNumber('4155551001'), '4155551001', 'no country code: as typed')
  t.equal(readableNumber('+1415555'), '+1415555', 'not a real number: as typed')
  t.equal(readableNumber('client:alice'), 'client:alice')
})
