import t from 'tap'
import { Counter, Gauge, Histogram, Registry } from '../../src/prometheus.js'

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
