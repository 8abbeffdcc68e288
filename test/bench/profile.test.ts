import t from 'tap'
import { placeOf, summarize } from '../../bench/profile.js'

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 })

t.test('places: packages, scoped packages, project files, Node, V8', async (t) => {
  t.equal(placeOf(frame('child', 'file:///app/node_modules/pino/lib/proto.js')), 'pino')
  t.equal(placeOf(frame('x', 'file:///app/node_modules/xmlbuilder2/node_modules/@oozcitak/dom/lib/a.js')), '@oozcitak/dom')
  t.equal(placeOf(frame('fromSearch', 'file:///work/main/dist/src/params/params.js')), 'src/params/params.js')
  t.equal(placeOf(frame('parseParams', 'node:internal/url')), 'node:internal/url')
  t.equal(placeOf(frame('(garbage collector)', '')), '(garbage collector)')
  t.equal(placeOf(frame('writev', '')), '(native) writev')
})

t.test('time goes to the innermost known cost; idle is left out; recursion counts once', async (t) => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 6] },
      { id: 2, callFrame: frame('handler', 'file:///d/dist/src/http/answer.js'), children: [3, 5] },
      { id: 3, callFrame: frame('child', 'file:///d/node_modules/pino/pino.js'), children: [4] },
      { id: 4, callFrame: frame('stringify', ''), children: [] },
      { id: 5, callFrame: frame('handler', 'file:///d/dist/src/http/answer.js'), children: [] },
      { id: 6, callFrame: frame('(idle)', ''), children: [] }
    ],
    samples: [3, 4, 4, 5, 6, 6],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 5000]
  }
  const summary = summarize(profile)
  t.equal(summary.busyMs, 4)
  t.equal(summary.idleMs, 6)
  t.same(summary.byCost.map((line) => [line.name, line.ms]), [['logging (pino)', 3], ["the project's own code (other files)", 1]])
  t.same(summary.byInclusive.map((line) => [line.name, line.ms]), [['handler src/http/answer.js:1', 4]])
})
