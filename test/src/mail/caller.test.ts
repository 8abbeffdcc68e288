import t from 'tap'
import { nameCaller } from '../../../src/mail/caller.js'

t.test('a caller from the same country as the called number: national format', async (t) => {
  t.same(nameCaller('+15105551212', '+14155550100'), { display: '(510) 555-1212', e164: '+15105551212', country: 'United States' })
  t.same(nameCaller('+442079460958', '+441614960000'), { display: '020 7946 0958', e164: '+442079460958', country: 'United Kingdom' })
})

t.test('from abroad: international format', async (t) => {
  t.same(nameCaller('+33612345678', '+14155550100'), { display: '+33 6 12 34 56 78', e164: '+33612345678', country: 'France' })
  t.same(nameCaller('+15105551212', undefined), { display: '+1 510 555 1212', e164: '+15105551212', country: 'United States' })
})

t.test('anything else is shown as sent, without control characters', async (t) => {
  t.same(nameCaller('client:alice', '+14155550100'), { display: 'client:alice', e164: undefined, country: undefined })
  t.same(nameCaller('+266696687', '+14155550100'), { display: '+266696687', e164: undefined, country: undefined })
  t.same(nameCaller('evil\r\nBcc: x@y.z', undefined).display, 'evilBcc: x@y.z')
  t.equal(nameCaller('x'.repeat(100), undefined).display.length, 64)
  t.equal(nameCaller(undefined, undefined).display, 'an unknown caller')
  t.equal(nameCaller('  ', undefined).display, 'an unknown caller')
})

t.test('country names and the unknown caller in the notification\'s language', async (t) => {
  t.same(nameCaller('+15105551212', '+815012345678', { locale: 'ja-JP' }), { display: '+1 510 555 1212', e164: '+15105551212', country: 'アメリカ合衆国' })
  t.same(nameCaller('+819012345678', '+815012345678', { locale: 'ja-JP' }), { display: '090-1234-5678', e164: '+819012345678', country: '日本' })
  t.equal(nameCaller(undefined, undefined, { unknownCaller: '不明な発信者' }).display, '不明な発信者')
})
