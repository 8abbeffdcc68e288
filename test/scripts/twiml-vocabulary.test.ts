import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import t from 'tap'
import { deriveVocabulary, generate, OUTPUT } from '../../scripts/twiml-vocabulary.js'

const require = createRequire(import.meta.url)
const DECLARATIONS = readFileSync(require.resolve('twilio/lib/twiml/VoiceResponse.d.ts'), 'utf8')
const BUILDER = readFileSync(require.resolve('twilio/lib/twiml/VoiceResponse.js'), 'utf8')

t.test('the committed vocabulary is what the installed twilio package declares: run `npm run vocabulary` when this fails', async (t) => {
  t.equal(readFileSync(OUTPUT, 'utf8'), generate())
})

t.test('read from the declarations: elements, where they stand, their attributes and URLs', async (t) => {
  const { root, rules } = deriveVocabulary(DECLARATIONS, BUILDER)
  t.equal(rules[root]?.element, 'Response')
  t.same(rules[root]?.attributes, [])
  t.same(rules.Gather?.children, { Pause: 'Pause', Play: 'Play', Say: 'Say' })
  t.same(rules.Redirect?.children, {}, '<Redirect> holds only its URL')
  t.equal(rules.Redirect?.urlText, true)
  t.equal(rules.Play?.urlText, true)
  t.equal(rules.Sip?.urlText, false, 'a SIP URI is not fetched')
  t.ok(rules.Gather?.attributes.includes('action'))
  t.notOk(rules.Gather?.attributes.includes('Action'))
  t.same(rules.Transcription?.httpUrls, ['statusCallbackUrl'])
  t.same(rules.Stream?.wssUrls, ['url'])
  t.same(rules.Stream?.httpUrls, ['statusCallback'])
  t.same(rules.SsmlLang?.attributes, ['xml:lang'])
  t.equal(rules.SsmlSayAs?.element, 'say-as', 'element names come from the builder')
  t.equal(rules.Refer?.children.Sip, 'ReferSip', '<Sip> in <Refer> is its own class')
  t.same(rules.ReferSip?.attributes, [])
  t.equal(rules.Say?.children['amazon:effect'], 'AmazonEffect', "Polly's SSML beside Twilio's")
  t.notOk(Object.values(rules).some((rule) => rule.element === 'Sms' || 'Sms' in rule.children), '<Sms> is retired')
})

t.test('a change in the declarations changes the vocabulary, so the committed one goes stale', async (t) => {
  const more = DECLARATIONS.replace('export interface SayAttributes {', 'export interface SayAttributes {\n        pitch?: string;')
  t.not(more, DECLARATIONS)
  t.ok(deriveVocabulary(more, BUILDER).rules.Say?.attributes.includes('pitch'))
  t.not(JSON.stringify(deriveVocabulary(more, BUILDER)), JSON.stringify(deriveVocabulary(DECLARATIONS, BUILDER)))
})

t.test('what the script adds must still fit the declarations', async (t) => {
  t.throws(() => deriveVocabulary(DECLARATIONS.replaceAll(/^ {8}url\?: string;$/gm, ''), BUILDER), /<Stream url> is not in the declarations any more/)
  t.throws(() => deriveVocabulary(DECLARATIONS, BUILDER.replace('this.say.ele("break"', 'this.say.ele(name')), /ele\(\) without a literal name/)
  t.throws(() => deriveVocabulary(DECLARATIONS, BUILDER.replaceAll('ele("Sms"', 'ele("Text"')), /<Sms> is not in the declarations any more/)
})
