import t from 'tap'
import { de } from '../../../src/i18n/de.js'
import { en } from '../../../src/i18n/en.js'
import { es } from '../../../src/i18n/es.js'
import { fr } from '../../../src/i18n/fr.js'
import { ja } from '../../../src/i18n/ja.js'
import { messages } from '../../../src/i18n/messages.js'
import { pt, ptPT } from '../../../src/i18n/pt.js'

t.test('a Language chooses its region\'s catalog, else its language\'s, else English', async (t) => {
  t.equal(messages('ja-JP'), ja)
  t.equal(messages('ja'), ja)
  t.equal(messages('JA-jp'), ja)
  t.equal(messages('es-MX'), es)
  t.equal(messages('es-419'), es)
  t.equal(messages('fr-CA'), fr)
  t.equal(messages('de-AT'), de)
  t.equal(messages('pt-BR'), pt)
  t.equal(messages('pt-PT'), ptPT, 'a region with sentences of its own')
  t.equal(messages('en-GB'), en)
  t.equal(messages('zh-CN'), en, 'no catalog: English')
  t.equal(messages(undefined), en)
})

t.test('pt-PT differs from pt where the grammar does, and is pt elsewhere', async (t) => {
  t.not(ptPT.whisper('1'), pt.whisper('1'))
  t.equal(ptPT.problems, pt.problems)
})
