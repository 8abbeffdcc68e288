import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import t from 'tap'
import { NOUNS, SSML, VERBS } from '../../src/twiml/twiml-vocabulary.js'
import { twimlets } from '../../twimlets/index.js'
import { CALL, testApp } from '../fixtures/app.js'
import { elements, parseTwiml } from '../fixtures/twiml.js'

/**
 * Property: whatever a URL and a form hold, the service never answers 5xx, and a 200 is
 * well-formed TwiML with a <Response> root, only TwiML elements and at most 64 kB.
 * `FUZZ_RUNS` scales it: `npm run fuzz` runs many cases, `npm test` a few hundred.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
// SSML can only come from echo, which checks it stands inside <Say>.
const TWIML = new Set(['Response', ...VERBS, ...NOUNS, ...SSML])

const KNOWN = ['PhoneNumber', 'PhoneNumbers', 'Message', 'Timeout', 'FailUrl', 'CallerId', 'AllowedCallers', 'AccessRestricted', 'HumanCheck',
  'Language', 'Voice', 'Record', 'TimeLimit', 'RingTone', 'Trim', 'SendDigits', 'AnswerOnBridge', 'HangupOnStar', 'RecordingStatusCallback',
  'RecordingStatusCallbackEvent', 'RecordingStatusCallbackMethod', 'Email', 'Transcribe', 'Options', 'Bucket', 'Name', 'Password', 'Moderators',
  'Music', 'Twiml', 'Dial', 'Digits', 'DialCallStatus', 'DialStatus', 'DialBridged', 'CallStatus', 'RecordingUrl', 'RecordingDuration',
  'RecordingSid', 'TranscriptionStatus', 'TranscriptionText', 'From', 'To', 'CallSid', 'Round', 'Attempt', 'Region', 'CallFrom']
const PROTO = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'prototype', 'valueOf']

const name = fc.oneof(
  fc.constantFrom(...KNOWN, ...PROTO),
  fc.tuple(fc.constantFrom(...KNOWN, ...PROTO), fc.constantFrom('[]', '[0]', '[1]', '[9]', '[01]', '[x]', '[', ']', '[][]', '[__proto__]')).map(([n, s]) => n + s),
  fc.string({ maxLength: 12 })
)
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '+14155551212', '415-555-1212', 'client:alice', 'sip:a@b.c', 'conference:x', 'queue:y', '1', 'true', 'false',
    'completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled', 'https://example.com/a.mp3', 'http://127.0.0.1:9/x', 'javascript:alert(1)',
    '<Response><Say>hi</Say></Response>', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><Response>&x;</Response>', '<Hangup/>',
    '"><x/>', ']]>', '&amp;', 'a@example.com', 'com.twilio.music.classical', '\u0000', '\ud800', '😀', '-1', '99999999999999999999',
    'JP', 'uk', '090-1234-5678', '090-1234-567', 'called', 'caller', 'ja-JP', 'Polly.Mizuki'),
  fc.integer({ min: 0, max: 70_000 }).map((n) => 'x'.repeat(n))
)
const pairs = fc.array(fc.tuple(name, value), { maxLength: 12 })

t.test('no 5xx; every 200 is well-formed TwiML of TwiML elements only', async (t) => {
  const outboxDir = await mkdtemp(join(tmpdir(), 'twimlets-fuzz-'))
  t.teardown(async () => await rm(outboxDir, { recursive: true, force: true }))
  // Port 9 on loopback refuses at once: no case ever reaches the internet.
  const app = await testApp(t, { config: { outboxDir, s3Endpoint: 'http://127.0.0.1:9/', holdmusicTimeoutMs: 200 } })
  const names = twimlets.map((tw) => tw.name)
  let checked = 0
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...names), pairs, pairs, fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>, fc.boolean(),
    async (twimlet, query, form, method, trailingSlash) => {
      const search = new URLSearchParams(query).toString()
      const body = new URLSearchParams([...Object.entries(CALL), ...form]).toString()
      const path = `/${twimlet}${trailingSlash ? '/' : ''}`
      const res = method === 'POST'
        ? await app.inject({ method, url: `${path}?${search}`, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        : await app.inject({ method, url: `${path}?${search}&${body}` })
      checked++
      if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${method} ${path}?${search.slice(0, 300)}`)
      if (res.statusCode !== 200) return
      if (!String(res.headers['content-type']).startsWith('text/xml')) throw new Error('200 without text/xml')
      if (Buffer.byteLength(res.body) > 64 * 1024) throw new Error(`TwiML of ${Buffer.byteLength(res.body)} bytes`)
      const doc = parseTwiml(res.body)
      if (doc.name !== 'Response') throw new Error(`root ${doc.name}`)
      const foreign = elements(doc).find((e) => !TWIML.has(e.name))
      if (foreign !== undefined) throw new Error(`<${foreign.name}> in ${res.body.slice(0, 300)}`)
    }
  ), { numRuns: RUNS })
  t.equal(checked, RUNS, `${RUNS} requests checked`)
})
