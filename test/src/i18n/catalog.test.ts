import t from 'tap'
import { en } from '../../../src/i18n/en.js'
import { CATALOGS } from '../../../src/i18n/messages.js'
import { Problems } from '../../../src/params/problems.js'
import { sentences } from '../../fixtures/catalog.js'

const english = sentences(en)

t.test('the six languages asked for, and more', async (t) => {
  for (const code of ['en', 'ja', 'es', 'fr', 'de', 'pt']) t.ok(CATALOGS.has(code), code)
})

t.test('every catalog has every sentence, none empty', async (t) => {
  for (const [code, catalog] of CATALOGS) {
    const own = sentences(catalog)
    t.same([...own.keys()].sort(), [...english.keys()].sort(), `${code}: the same sentences as English`)
    for (const [path, text] of own) t.ok(text.trim().length > 0, `${code} ${path}`)
    t.same(Object.keys(catalog.problems).sort(), Object.keys(Problems).sort(), `${code}: every configuration problem`)
  }
})

t.test('sentences with values say them', async (t) => {
  for (const [code, catalog] of CATALOGS) {
    t.match(catalog.whisper('⟨n⟩'), '⟨n⟩', `${code} whisper`)
    t.notMatch(catalog.whisper(undefined), /undefined|⟨/, `${code} whisper without a number`)
    t.match(catalog.mail.subject('⟨c⟩', '⟨t⟩'), /⟨c⟩.*⟨t⟩|⟨t⟩.*⟨c⟩/, `${code} subject`)
    t.match(catalog.mail.heading('+81 90'), '+81 90', `${code} heading`)
    t.match(catalog.mail.transcriptLate('⟨d⟩'), '⟨d⟩', `${code} late transcript`)
    t.match(catalog.mail.transcriptPartial('⟨d⟩'), '⟨d⟩', `${code} partial transcript`)
    t.match(catalog.mail.seconds(14), '14', `${code} seconds`)
    t.match(catalog.mail.minutes(10), '10', `${code} minutes`)
  }
})

t.test('translations are translated: no sentence left in English', async (t) => {
  // Words shared with English: "plus" is said alike in French and German.
  const shared = new Set(['phone.plus', 'phone.pause', 'mail.minutes', 'language'])
  for (const [code, catalog] of CATALOGS) {
    if (catalog.language === 'en') continue
    for (const [path, text] of sentences(catalog)) {
      if (!shared.has(path)) t.not(text, english.get(path), `${code} ${path}`)
    }
  }
})

t.test('English problems are the sentences declared with their codes', async (t) => {
  t.equal(en.problems, Problems)
})
