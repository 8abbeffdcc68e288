import t from 'tap'
import { LANGS, wordsFor } from '../../../src/simulator/words.js'
import { sentences } from '../../fixtures/catalog.js'

const english = sentences(wordsFor('en'))

t.test('English and Japanese, each with every phrase, none empty', async (t) => {
  t.same(LANGS, ['en', 'ja'])
  for (const lang of LANGS) {
    const words = wordsFor(lang)
    t.equal(words.lang, lang)
    const own = sentences(words)
    t.same([...own.keys()].sort(), [...english.keys()].sort(), `${lang}: the same phrases as English`)
    for (const [path, text] of own) t.ok(text.trim().length > 0, `${lang} ${path}`)
  }
})

t.test('phrases with values say them', async (t) => {
  for (const lang of LANGS) {
    const words = wordsFor(lang)
    t.match(words.rang('⟨list⟩'), '⟨list⟩', lang)
    t.match(words.aside('⟨a⟩', '⟨b⟩'), /⟨a⟩.*⟨b⟩/, lang)
    t.match(words.mail('⟨to⟩', '⟨t⟩'), /⟨to⟩.*⟨t⟩/, lang)
    t.match(words.error('⟨code⟩', '⟨m⟩'), /⟨code⟩.*⟨m⟩/, lang)
    t.match(words.holdMusic(3, '⟨said⟩'), /3.*⟨said⟩/, lang)
    t.notMatch(words.holdMusic(1, undefined), /undefined/, lang)
    t.not(words.conference('⟨n⟩', true), words.conference('⟨n⟩', false), `${lang}: waiting is said`)
    t.not(words.rejected('busy'), words.rejected('rejected'), `${lang}: a busy tone is said`)
  }
})

t.test('the language the page sends, as it sends it; English for the rest', async (t) => {
  t.equal(wordsFor('ja').lang, 'ja')
  t.equal(wordsFor(' JA-jp ').lang, 'ja')
  for (const other of [undefined, '', 'en-GB', 'fr', 'jav']) t.equal(wordsFor(other).lang, 'en', String(other))
})
