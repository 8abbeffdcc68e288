import t from 'tap'
import { asciiForm, countryCode, isNationalForm, isValidNumber, localize, parsePhone, readRegion } from '../../../src/dialing/phone.js'
import { Params } from '../../../src/params/params.js'

t.test('numbers in national form of a region, and their written forms', async (t) => {
  const mobile = parsePhone('090-1234-5678', 'JP')
  t.match(mobile, { e164: '+819012345678', country: 'JP', valid: true, national: '090-1234-5678', international: '+81 90 1234 5678' })
  t.match(parsePhone('03-1234-5678', 'JP'), { e164: '+81312345678', valid: true })
  t.match(parsePhone('0120-123-456', 'JP'), { e164: '+81120123456', valid: true })
  t.match(parsePhone('+15105551212'), { e164: '+15105551212', country: 'US', national: '(510) 555-1212' })
  t.match(parsePhone('090-1234-567', 'JP'), { valid: false }, 'a digit short')
  t.equal(parsePhone('client:alice', 'JP'), undefined)
  t.equal(parsePhone('anonymous'), undefined)
})

t.test('parsed once: the same text and region give the same answer object', async (t) => {
  t.equal(parsePhone('06-6123-4567', 'JP'), parsePhone('06-6123-4567', 'JP'))
  t.not(parsePhone('06-6123-4567', 'JP'), parsePhone('06-6123-4567', 'GB'), 'the region is part of the key')
})

t.test('localize: only numbers in national form with a region are parsed', async (t) => {
  t.same(localize('090-1234-5678', 'JP'), { kind: 'e164', e164: '+819012345678' })
  t.same(localize('090-1234-567', 'JP'), { kind: 'invalid', region: 'JP' })
  t.same(localize('415-555-1212', 'JP'), { kind: 'invalid', region: 'JP' })
  t.same(localize('+1 415 555 1212', 'JP'), { kind: 'as-typed' }, 'already with a country code')
  t.same(localize('090-1234-5678', undefined), { kind: 'as-typed' }, 'no region')
  t.ok(isNationalForm(' 090'))
  t.notOk(isNationalForm(' +81 90'))
})

t.test('isValidNumber: with a country code, or national in the region (the US without one)', async (t) => {
  t.ok(isValidNumber('+819012345678', undefined))
  t.notOk(isValidNumber('+1415555100', undefined))
  t.ok(isValidNumber('(510) 555-1212', undefined))
  t.notOk(isValidNumber('090-1234-5678', undefined))
  t.ok(isValidNumber('090-1234-5678', 'JP'))
})

t.test('country codes', async (t) => {
  t.equal(countryCode('jp'), 'JP')
  t.equal(countryCode(' US '), 'US')
  t.equal(countryCode('UK'), 'GB', 'what people type for the United Kingdom')
  for (const bad of ['', 'XX', 'JPN', 'Japan', '81']) t.equal(countryCode(bad), undefined, bad)
})

t.test('readRegion: the URL\'s Region, else the operator\'s; a bad one is named', async (t) => {
  t.equal(readRegion(Params.fromSearch('Region=jp'), {}), 'JP')
  t.equal(readRegion(Params.fromSearch(''), { defaultRegion: 'JP' }), 'JP')
  t.equal(readRegion(Params.fromSearch('Region=GB'), { defaultRegion: 'JP' }), 'GB')
  const bad = Params.fromSearch('Region=Japan')
  t.equal(readRegion(bad, { defaultRegion: 'US' }), 'US')
  t.same(bad.issues, [{ param: 'Region', message: '"Japan" is not a two-letter country code such as JP, US or GB; using US', level: 'warning' }])
  const none = Params.fromSearch('Region=Japan')
  t.equal(readRegion(none, {}), undefined)
  t.match(none.issues, [{ param: 'Region', message: /numbers are dialed as typed$/ }])
})

t.test('asciiForm: numbers typed on a Japanese keyboard read as their ASCII forms', async (t) => {
  t.equal(asciiForm('０９０ー１２３４ー５６７８'), '090-1234-5678', 'full-width digits, the long vowel mark as a dash')
  t.equal(asciiForm('＋８１　９０‐１２３４−５６７８'), '+81 90-1234-5678', '＋, the ideographic space, hyphen and minus')
  t.equal(asciiForm('（０３）ｰ１２３４﹣５６７８'), '(03)-1234-5678', 'full-width parentheses, the half-width long vowel mark, the small hyphen')
  t.equal(asciiForm('03－1234―5678'), '03-1234-5678', 'full-width hyphen-minus, horizontal bar')
  t.equal(asciiForm('１２３＊'), '123*')
  const ascii = '+14155551212'
  t.equal(asciiForm(ascii), ascii, 'ASCII is returned as it is')
  t.equal(countryCode('ＪＰ'), 'JP')
})
