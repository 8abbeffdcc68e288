import t from 'tap'
import { timeZoneName } from '../../../src/mail/time-zone.js'

t.test('IANA zones as people type them, spelled as Intl spells them', async (t) => {
  t.equal(timeZoneName('Asia/Tokyo'), 'Asia/Tokyo')
  t.equal(timeZoneName(' asia/tokyo '), 'Asia/Tokyo')
  t.equal(timeZoneName('UTC'), 'UTC')
  t.equal(timeZoneName('america/new_york'), 'America/New_York')
  t.equal(timeZoneName('Asia/Tokio'), undefined)
  t.equal(timeZoneName('Asia/Tokio'), undefined, 'remembered as unknown')
  t.equal(timeZoneName(''), undefined)
  t.equal(timeZoneName('Tokyo'), undefined, 'a city alone is not a zone')
})

t.test('many distinct zones typed: the memory of them stays bounded, the answers right', async (t) => {
  const answers = new Set(Array.from({ length: 600 }, (_, i) => timeZoneName(`Nowhere/Place${i}`)))
  t.same([...answers], [undefined])
  t.equal(timeZoneName('Europe/Paris'), 'Europe/Paris')
})
