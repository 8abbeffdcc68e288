import t from 'tap'
import { languageCode, languageName } from '../../../src/i18n/language-code.js'

t.test('language codes as Twilio takes them, spelled the usual way', async (t) => {
  t.equal(languageCode('ja-jp'), 'ja-JP')
  t.equal(languageCode('EN-gb'), 'en-GB')
  t.equal(languageCode('es-419'), 'es-419')
  t.equal(languageCode('cmn-cn'), 'cmn-CN')
  t.equal(languageCode('zh-hant-tw'), 'zh-Hant-TW')
  t.equal(languageCode('arb'), 'arb', "a three-letter code is Twilio's own as it is")
})

t.test('what people type for Japanese is ja-JP', async (t) => {
  for (const typed of ['ja', 'JA', 'jp', 'JP', 'jp-JP', 'ja_JP', 'ja_jp', ' ja-JP ', 'japanese', 'Japanese', 'JAPANESE', '日本語', 'ja-XX']) {
    t.equal(languageCode(typed), 'ja-JP', typed)
  }
})

t.test('a bare language of the catalog gets the region it is most spoken in; names and underscores are read', async (t) => {
  const expected: Array<[string, string]> = [
    ['en', 'en-US'], ['es', 'es-ES'], ['fr', 'fr-FR'], ['de', 'de-DE'], ['pt', 'pt-BR'],
    ['en_GB', 'en-GB'], ['en-uk', 'en-GB'], ['EN_us', 'en-US'], ['pt_pt', 'pt-PT'], ['es_MX', 'es-MX'],
    ['English', 'en-US'], ['British English', 'en-GB'], ['Spanish', 'es-ES'], ['español', 'es-ES'], ['espanol', 'es-ES'],
    ['French', 'fr-FR'], ['Français', 'fr-FR'], ['German', 'de-DE'], ['Deutsch', 'de-DE'], ['Portuguese', 'pt-BR'], ['português', 'pt-BR'],
    ['it', 'it-IT'], ['no', 'nb-NO'], ['us', 'en-US']
  ]
  for (const [typed, code] of expected) t.equal(languageCode(typed), code, typed)
})

t.test('what is no language is refused', async (t) => {
  for (const bad of ['', 'xx', 'klingon', 'j', 'ja-JP-x-y-z', '"><x', 'en-US-x', 'und']) t.equal(languageCode(bad), undefined, bad)
})

t.test('languageName says a code in English', async (t) => {
  t.equal(languageName('ja-JP'), 'Japanese (Japan)')
  t.equal(languageName('en-GB'), 'British English')
})
