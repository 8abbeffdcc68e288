import t from 'tap'
import { Params } from '../../../src/params/params.js'

t.test('query then body: a later single value wins, as in PHP', async (t) => {
  const p = Params.fromSearch('From=%2B1999&Timeout=10', 'From=%2B15105551212')
  t.equal(p.string('From'), '+15105551212')
  t.equal(p.string('Timeout'), '10')
  t.equal(p.string('Missing'), undefined)
  t.equal(p.string('Blank'), undefined)
})

t.test('a leading unencoded + stays a +; other + are spaces', async (t) => {
  const p = Params.fromSearch('PhoneNumber=+14155551212&Message=Hello+there&A[]=+1&A[]=+2')
  t.equal(p.string('PhoneNumber'), '+14155551212')
  t.equal(p.string('Message'), 'Hello there')
  t.same(p.list('A'), ['+1', '+2'])
})

t.test('lists: [], [n] ordered by index, a single value, blanks dropped', async (t) => {
  t.same(Params.fromSearch('X[]=a&X[]=b').list('X'), ['a', 'b'])
  t.same(Params.fromSearch('X[2]=c&X[0]=a&X[1]=b').list('X'), ['a', 'b', 'c'])
  t.same(Params.fromSearch('X=a').list('X'), ['a'])
  t.same(Params.fromSearch('X[]=a&X[]=&X[]=%20&X[]=b').list('X'), ['a', 'b'])
  t.same(Params.fromSearch('X[5]=f&X[]=g&X[1]=b').list('X'), ['b', 'f', 'g'], '[] takes the next index after the largest, as in PHP')
  t.same(Params.fromSearch('X[a]=1&XY[]=2&x[]=3').list('X'), [], 'other names and non-numeric keys are not list entries')
  t.same(Params.fromSearch('X[[]=1&X[]=2').list('X['), [], 'a name with a bracket is no list name')
})

t.test('lists are capped, keeping the first entries, with a warning', async (t) => {
  const p = Params.fromSearch(Array.from({ length: 15 }, (_, i) => `X[]=${i}`).join('&'))
  t.same(p.list('X', 10), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
  t.same(p.issues, [{ param: 'X', message: 'has 15 entries; only the first 10 are used', level: 'warning' }])
})

t.test('maps keep keys as typed', async (t) => {
  const p = Params.fromSearch('Options[1]=a&Options[01]=b&Options[22]=c&Options[]=d&Options[3]=')
  t.same([...p.map('Options')], [['1', 'a'], ['01', 'b'], ['22', 'c']])
  const many = Params.fromSearch(Array.from({ length: 5 }, (_, i) => `M[${i}]=v`).join('&'))
  t.equal(many.map('M', 3).size, 3)
  t.equal(many.issues.length, 1)
})

t.test('strict whole numbers, clamped to range', async (t) => {
  const p = Params.fromSearch('a=10&b=1&c=999&d=1.5&e=abc&f=-2&g=%2B7&h=0x1f')
  const range = { min: 5, max: 600 }
  t.equal(p.int('a', range), 10)
  t.equal(p.int('b', range), 5)
  t.equal(p.int('c', range), 600)
  t.equal(p.int('d', range), undefined)
  t.equal(p.int('e', range), undefined)
  t.equal(p.int('f', range), undefined)
  t.equal(p.int('g', range), 7)
  t.equal(p.int('h', range), undefined)
  t.equal(p.int('missing', range), undefined)
  t.same(p.issues.map((i) => i.param), ['b', 'c', 'd', 'e', 'f', 'h'])
})

t.test('booleans', async (t) => {
  const p = Params.fromSearch('a=true&b=FALSE&c=1&d=0&e=yes&f=perhaps')
  t.same(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => p.bool(n)), [true, false, true, false, true, undefined, undefined])
  t.same(p.issues, [{ param: 'f', message: '"perhaps" is not true or false; ignored', level: 'warning' }])
})

t.test('long values are cut with a warning', async (t) => {
  const p = Params.fromSearch(`Message=${'x'.repeat(5000)}`)
  t.equal(p.string('Message')?.length, 4096)
  t.equal(p.issues.length, 1)
})

t.test('prototype names are plain parameters', async (t) => {
  const p = Params.fromSearch('__proto__=x&constructor=y&hasOwnProperty=z&__proto__[]=w')
  t.equal(p.string('__proto__'), 'x')
  t.equal(p.string('constructor'), 'y')
  t.equal(p.string('hasOwnProperty'), 'z')
  t.same(p.list('__proto__'), ['x', 'w'])
  t.equal(p.string('toString'), undefined)
})

t.test('a name read for the first time, on a request split before, is found too', async (t) => {
  const earlier = Params.fromSearch('FirstReadLater=a&FirstReadLater=b')
  const later = Params.fromSearch('FirstReadLater=c&x=1&FirstReadLater=d')
  t.equal(earlier.string('FirstReadLater'), 'b', 'the last pair wins')
  t.equal(later.string('FirstReadLater'), 'd')
  t.equal(Params.fromSearch('x=1', 'FirstReadLater=e').string('FirstReadLater'), 'e', 'indexed as split, once the name is known')
  t.equal(earlier.string('NeverSent'), undefined)
})

t.test('issues say how much they matter', async (t) => {
  const p = Params.fromSearch('')
  p.error('FailUrl', 'can never be fetched')
  p.info('HumanCheck', 'on by default')
  t.same(p.issues, [{ param: 'FailUrl', message: 'can never be fetched', level: 'error' }, { param: 'HumanCheck', message: 'on by default', level: 'info' }])
})
