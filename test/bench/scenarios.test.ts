import t from 'tap'
import { callSidOf, PATTERNS, requestOf, SCENARIOS } from '../../bench/scenarios.js'
import { loggedApp } from '../fixtures/app.js'

// The benchmark must measure the answers it names, not a spoken configuration problem.
t.test('every scenario answers its document at its stage, without a warning', async (t) => {
  const { app, lines } = await loggedApp(t)
  for (const scenario of SCENARIOS) {
    for (const pattern of PATTERNS) {
      const sizes = new Set<number>()
      for (const i of [0, 1, 4_321_987]) {
        const { path, body } = requestOf(scenario, pattern, i)
        const res = await app.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        const name = `${scenario.name}, ${pattern}, request ${i}`
        t.equal(res.statusCode, 200, name)
        t.match(res.body, scenario.expect, name)
        sizes.add(Buffer.byteLength(res.body))
        const logged = lines.filter((line) => line.callSid === callSidOf(i))
        t.same(logged.filter((line) => Number(line.level) >= 40), [], `${name}: no warning`)
        t.equal(logged.find((line) => line.msg === 'request')?.stage, scenario.stage, `${name}: stage`)
        lines.length = 0
      }
      t.equal(sizes.size, 1, `${scenario.name}, ${pattern}: one size, so the baseline can match it`)
    }
  }
})

t.test('repeated requests share their URL; unique ones share nothing', async (t) => {
  for (const scenario of SCENARIOS) {
    const repeated = [0, 1, 2].map((i) => requestOf(scenario, 'repeated', i))
    const unique = [0, 1, 2].map((i) => requestOf(scenario, 'unique', i))
    t.equal(new Set(repeated.map((r) => r.path)).size, 1, scenario.name)
    t.equal(new Set(repeated.map((r) => r.body)).size, 3, `${scenario.name}: each call has its own CallSid`)
    t.equal(new Set(unique.map((r) => r.path)).size, 3, scenario.name)
    t.equal(new Set(unique.map((r) => r.body)).size, 3, scenario.name)
  }
})
