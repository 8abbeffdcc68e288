import t from 'tap'
import { Counter, Gauge, Histogram, Registry } from '../../../src/observability/prometheus.js'
import { parseExposition } from '../../fixtures/exposition.js'

t.test('counters, a gauge and a histogram in the text format, in the order made', async (t) => {
  const registry = new Registry()
  const plain = registry.add(new Counter({ name: 'a_total', help: 'Plain' }))
  const labelled = registry.add(new Counter({ name: 'b_total', help: 'By "kind"\\path\nnext', labelNames: ['kind', 'code'] }))
  let depth = 3
  registry.add(new Gauge({ name: 'c', help: 'Depth', read: () => depth }))
  const time = registry.add(new Histogram({ name: 'd_seconds', help: 'Time', labelNames: ['op'], buckets: [1, 0.5] }))
  plain.inc()
  plain.labels().inc(2)
  labelled.inc({ kind: 'say "hi"\\\n', code: '1' })
  const fast = time.labels({ op: 'x' })
  fast.observe(0.25)
  fast.observe(0.5)
  fast.observe(3)
  depth = 4
  t.equal(registry.render(), [
    '# HELP a_total Plain',
    '# TYPE a_total counter',
    'a_total 3',
    '# HELP b_total By "kind"\\\\path\\nnext',
    '# TYPE b_total counter',
    'b_total{kind="say \\"hi\\"\\\\\\n",code="1"} 1',
    '# HELP c Depth',
    '# TYPE c gauge',
    'c 4',
    '# HELP d_seconds Time',
    '# TYPE d_seconds histogram',
    'd_seconds_bucket{op="x",le="0.5"} 2',
    'd_seconds_bucket{op="x",le="1"} 2',
    'd_seconds_bucket{op="x",le="+Inf"} 3',
    'd_seconds_sum{op="x"} 3.75',
    'd_seconds_count{op="x"} 3',
    ''
  ].join('\n'))
})

t.test('a counter never counted shows 0 without labels, nothing with them', async (t) => {
  const registry = new Registry()
  registry.add(new Counter({ name: 'a_total', help: 'A' }))
  registry.add(new Counter({ name: 'b_total', help: 'B', labelNames: ['x'] }))
  t.equal(registry.render(), '# HELP a_total A\n# TYPE a_total counter\na_total 0\n# HELP b_total B\n# TYPE b_total counter\n')
})

t.test('the rendering passes a strict reader of the format, which refuses what Prometheus would not take', async (t) => {
  const registry = new Registry()
  registry.add(new Counter({ name: 'a_total', help: 'A', labelNames: ['x'] })).inc({ x: 'q"\\\n' })
  registry.add(new Histogram({ name: 'b_seconds', help: 'B', buckets: [0.1, 1] })).labels().observe(0.5)
  registry.add(new Gauge({ name: 'c', help: 'C', read: () => Number.NaN }))
  const families = parseExposition(registry.render())
  t.same([...families.keys()], ['a_total', 'b_seconds', 'c'])
  t.same(families.get('a_total')?.samples, [{ name: 'a_total', labels: { x: 'q"\\\n' }, value: 1 }])
  t.same(families.get('b_seconds')?.samples.map((s) => s.value), [0, 1, 1, 0.5, 1])

  const head = '# HELP a_total A\n# TYPE a_total counter\n'
  for (const [wrong, text] of Object.entries({
    'a family twice': `${head}a_total 1\n${head}a_total 2\n`,
    'a family again after another': `${head}a_total{x="1"} 1\n# TYPE b gauge\nb 1\na_total{x="2"} 1\n`,
    'a series twice': `${head}a_total 1\na_total 2\n`,
    'a sample of no family': `${head}b_total 1\n`,
    'a sample before its TYPE': 'a_total 1\n# TYPE a_total counter\n',
    'a bad value': `${head}a_total one\n`,
    'a bare label value': `${head}a_total{x=1} 1\n`,
    'no newline at the end': `${head}a_total 1`,
    'buckets that do not add up': '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    'a count not the +Inf bucket': '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'
  })) t.throws(() => parseExposition(text), `refuses ${wrong}`)
})
