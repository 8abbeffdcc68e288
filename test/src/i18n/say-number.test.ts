import t from 'tap'
import { en } from '../../../src/i18n/en.js'
import { ja } from '../../../src/i18n/ja.js'
import { sayNumber } from '../../../src/i18n/say-number.js'

t.test('digits apart, a pause between the groups as written', async (t) => {
  t.equal(sayNumber('(510) 555-1212', en.phone), '5 1 0, 5 5 5, 1 2 1 2')
  t.equal(sayNumber('090-1234-5678', ja.phone), '0 9 0、1 2 3 4、5 6 7 8')
  t.equal(sayNumber('0120-123-456', ja.phone), '0 1 2 0、1 2 3、4 5 6')
  t.equal(sayNumber('+1 510 555 1212', ja.phone), 'プラス 1、5 1 0、5 5 5、1 2 1 2')
  t.equal(sayNumber('266696687', en.phone), '2 6 6 6 9 6 6 8 7', 'one group')
  t.equal(sayNumber('', en.phone), '')
})
