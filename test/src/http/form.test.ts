import fc from 'fast-check'
import t from 'tap'
import { decodeComponent, splitFormAt } from '../../../src/http/form.js'

function split (search: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  splitFormAt(search, (name, from, to) => pairs.push([name, decodeComponent(search.slice(from, to))]))
  return pairs
}

t.test('pairs as URLSearchParams reads them', async (t) => {
  t.same(split('a=1&b=x+y&c=%2B1&d'), [['a', '1'], ['b', 'x y'], ['c', '+1'], ['d', '']])
  t.same(split('?a=1&&b==2&'), [['a', '1'], ['b', '=2']], 'a leading ?, empty pairs, "=" in a value')
  t.same(split('%41%3D=%E3%81%82'), [['A=', 'あ']])
  t.same(split(''), [])
})

t.test('escapes of ASCII characters, in either case, and those of UTF-8 bytes', async (t) => {
  t.equal(decodeComponent('%2B1415%2b%41+%7e'), '+1415+A ~')
  t.equal(decodeComponent('%7F%C3%A9'), '\u007Fé', 'a UTF-8 byte goes the whole text to decodeURIComponent')
  t.equal(decodeComponent('%2B%4'), '+%4', 'a stray "%" after an ASCII escape')
})

t.test('what decodeURIComponent refuses is decoded as URLSearchParams does', async (t) => {
  t.equal(decodeComponent('100%'), '100%')
  t.equal(decodeComponent('%zz+%41'), '%zz A')
  t.equal(decodeComponent('%FF'), '\uFFFD')
  t.equal(decodeComponent('%C3%C3%A9'), '\uFFFDé', 'a cut-off sequence, then a whole one')
  t.equal(decodeComponent('%ED%A0%80'), '\uFFFD\uFFFD\uFFFD', 'an encoded surrogate')
  t.equal(decodeComponent('a\uD800b'), 'a\uFFFDb', 'a lone surrogate')
  t.equal(decodeComponent('a\uD800+b'), 'a\uFFFD b')
})

// Text made mostly of the characters that matter: separators, escapes, hex digits, "+".
const piece = fc.oneof(
  fc.constantFrom('&', '=', '+', '%', '?', '%2B', '%26', '%3D', '%E3%81%82', '%C3', '%A9', '%FF', '%ED%A0%80', '%zz', '%4', 'a', 'Z', '1', ' ', 'é', '\uD800', '\uDC00', '😀'),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 2 })
)
const search = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''))

t.test('the same pairs as URLSearchParams, for any text', async (t) => {
  fc.assert(fc.property(search, (text) => {
    t.strictSame(split(text), [...new URLSearchParams(text)])
  }), { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) })
})
