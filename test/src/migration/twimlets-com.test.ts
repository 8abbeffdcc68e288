import t from 'tap'
import { isTwimletsCom, moveLine, rewriteQuery, twimletOf } from '../../../src/migration/twimlets-com.js'

const NAMES = new Set(['findme', 'voicemail', 'menu', 'forward'])
const enc = encodeURIComponent
const BASE = 'https://calls.example.com/lines/'

t.test('twimlets.com, with or without www, over http or https', async (t) => {
  for (const url of ['http://twimlets.com/findme', 'https://twimlets.com/findme', 'https://www.twimlets.com/findme', 'HTTPS://TWIMLETS.COM/findme']) t.ok(isTwimletsCom(new URL(url)), url)
  for (const url of ['https://twimlets.community/findme', 'https://calls.example.com/findme', 'ftp://twimlets.com/findme']) t.notOk(isTwimletsCom(new URL(url)), url)
  t.equal(twimletOf(new URL('https://twimlets.com/findme/')), 'findme')
  t.equal(twimletOf(new URL('https://calls.example.com/lines/menu?x=1')), 'menu')
})

t.test('nested twimlets.com URLs become relative URLs of this service, at any depth; every other pair stays as typed', async (t) => {
  const voicemail = `http://twimlets.com/voicemail?Email=${enc('owner@example.com')}`
  t.equal(rewriteQuery(`PhoneNumbers[]=+14155551001&FailUrl=${enc(voicemail)}&Message=Hi+there`, NAMES),
    `PhoneNumbers[]=+14155551001&FailUrl=${enc(`voicemail?Email=${enc('owner@example.com')}`)}&Message=Hi+there`)
  const findme = `https://twimlets.com/findme?PhoneNumbers[]=%2B14155551001&FailUrl=${enc(voicemail)}`
  t.equal(rewriteQuery(`Options[1]=${enc(findme)}`, NAMES), `Options[1]=${enc(`findme?PhoneNumbers[]=%2B14155551001&FailUrl=${enc(`voicemail?Email=${enc('owner@example.com')}`)}`)}`)
  t.equal(rewriteQuery(`Options[1]=${enc(`forward?PhoneNumber=1&FailUrl=${enc(voicemail)}`)}`, NAMES),
    `Options[1]=${enc(`forward?PhoneNumber=1&FailUrl=${enc(`voicemail?Email=${enc('owner@example.com')}`)}`)}`, 'inside a relative URL of this service')
  const query = `FailUrl=${enc('https://twimlets.com/nothing?x=1')}&Music=${enc('https://example.com/a.mp3')}`
  t.equal(rewriteQuery(query, NAMES), query, 'a twimlets.com URL naming no twimlet here, and other URLs, are left alone')
  t.equal(rewriteQuery(`FailUrl=${enc('http://twimlets.com/menu')}`, NAMES), 'FailUrl=menu')
})

t.test('the line moved: a twimlets.com URL to the base, any other one in place with its nested URLs rewritten', async (t) => {
  const nested = enc('http://twimlets.com/voicemail?Email=a%40b.com')
  t.same(moveLine(new URL(`https://www.twimlets.com/findme?PhoneNumbers[]=%2B1&FailUrl=${nested}`), false, BASE, NAMES),
    { rewritten: `${BASE}findme?PhoneNumbers[]=%2B1&FailUrl=${enc('voicemail?Email=a%40b.com')}` })
  t.same(moveLine(new URL('http://twimlets.com/findme/?PhoneNumbers=%2B1'), false, BASE, NAMES), { rewritten: `${BASE}findme?PhoneNumbers=%2B1` })
  t.same(moveLine(new URL(`https://calls.example.com/forward?PhoneNumber=1&FailUrl=${nested}`), false, BASE, NAMES),
    { rewritten: `https://calls.example.com/forward?PhoneNumber=1&FailUrl=${enc('voicemail?Email=a%40b.com')}` })
  t.same(moveLine(new URL(`https://twimlets.invalid/forward?FailUrl=${nested}`), true, BASE, NAMES),
    { rewritten: `${BASE}forward?FailUrl=${enc('voicemail?Email=a%40b.com')}` }, 'a relative URL is taken against the base')
  t.equal(moveLine(new URL('https://calls.example.com/forward?PhoneNumber=1'), false, BASE, NAMES), undefined, 'nothing on twimlets.com')
  t.equal(moveLine(new URL('https://twimlets.com/nothing?x=1'), false, BASE, NAMES), undefined, 'no twimlet of this service')
})
