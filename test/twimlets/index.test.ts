import t from 'tap'
import { SPEAKING_TWIMLETS } from '../../src/params/urls.js'
import { twimlets } from '../../twimlets/index.js'

t.test('the twimlets a nested URL may inherit Language and Voice for are those that read them', async (t) => {
  const speaking = twimlets.filter((twimlet) => twimlet.params?.includes('Language') === true).map((twimlet) => twimlet.name)
  t.same([...SPEAKING_TWIMLETS].sort(), speaking.sort())
  t.notOk(SPEAKING_TWIMLETS.has('echo'))
})
