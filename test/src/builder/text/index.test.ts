import t from 'tap'
import { en } from '../../../../src/builder/text/en.js'
import { fill, PAGE_LANGUAGES, PAGE_TEXTS, pageLanguage } from '../../../../src/builder/text/index.js'

/** Every string of a catalog, by its dotted key. */
function strings (value: unknown, prefix = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]]
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => strings(inner, prefix === '' ? key : `${prefix}.${key}`))
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()

t.test('every language has every key of English, each a non-empty string with the same {placeholders}', async (t) => {
  const reference = strings(en)
  t.ok(reference.length > 150, `${reference.length} strings`)
  for (const lang of PAGE_LANGUAGES) {
    const text = new Map(strings(PAGE_TEXTS[lang]))
    t.same([...text.keys()], reference.map(([key]) => key), `${lang}: the same keys, in the same order`)
    for (const [key, english] of reference) {
      const translated = text.get(key) ?? ''
      t.ok(translated.trim().length > 0, `${lang} ${key} is not empty`)
      t.same(placeholders(translated), placeholders(english), `${lang} ${key} fills the same values`)
    }
  }
})

t.test('Japanese is written in Japanese', async (t) => {
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/
  // Templates of placeholders and punctuation alone ('{label} {n}') have no words to translate.
  const words = (text: string): boolean => /[A-Za-z]/.test(text.replace(/\{\w+\}/g, ''))
  const untranslated = strings(PAGE_TEXTS.ja).filter(([key, text]) => key !== 'language' && words(text) && !japanese.test(text) && !['fields.Twiml.label', 'page.twimletLabel'].includes(key))
  t.same(untranslated, [], 'every sentence but names (TwiML, Twimlet) has Japanese in it')
  t.ok(words('{result}{connected}; {requests}.') === false && words('Remove {label}'), 'the test sees words')
  t.equal(PAGE_TEXTS.ja.forms.simulring.title, '同時呼び出し')
  t.equal(PAGE_TEXTS.ja.forms.forward.title, '転送')
  t.equal(PAGE_TEXTS.ja.forms.voicemail.title, '留守番電話')
})

t.test('the page language asked for: its primary subtag, English for anything else', async (t) => {
  t.equal(pageLanguage('ja'), 'ja')
  t.equal(pageLanguage('ja-JP'), 'ja')
  t.equal(pageLanguage(' JA_jp '), 'ja')
  t.equal(pageLanguage('en-GB'), 'en')
  t.equal(pageLanguage('fr'), 'en')
  t.equal(pageLanguage(undefined), 'en')
  t.equal(pageLanguage(['ja']), 'en')
})

t.test('fill: each {name} replaced, an unknown one left as written', async (t) => {
  t.equal(fill('{label} ({n})', { label: 'Phones', n: 2 }), 'Phones (2)')
  t.equal(fill('{missing} {toString}', {}), '{missing} {toString}')
})
