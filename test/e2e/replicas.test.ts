import t from 'tap'
import { CALL, resolve } from '../fixtures/app.js'
import { untilServing } from '../fixtures/haproxy.js'
import { startReplicas } from '../fixtures/replicas.js'
import { find, parseTwiml } from '../fixtures/twiml.js'

/**
 * Two replicas of the built service behind a real load balancer (HAProxy, round-robin): a
 * call's steps land on alternating replicas and go exactly as on one, and replicas can be
 * restarted one at a time under load without a caller noticing.
 */

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const { replicas, balancer } = await startReplicas(t)

interface Step { url: string, replica: string | null, status: number, body: string }

/** Plays a call as Twilio would: nobody answers a <Dial>, the caller presses 1, a <Redirect> is followed. */
async function call (base: string, first: string): Promise<Step[]> {
  const steps: Step[] = []
  let url = first
  let form: Record<string, string> = {}
  for (let i = 0; i < 10; i++) {
    const res = await fetch(new URL(url, base), { method: 'POST', headers: FORM, body: new URLSearchParams({ ...CALL, ...form }) })
    const body = await res.text()
    steps.push({ url, replica: res.headers.get('x-replica'), status: res.status, body })
    const document = parseTwiml(body, true)
    const dial = find(document, 'Dial')
    const gather = find(document, 'Gather')
    const redirect = find(document, 'Redirect')
    if (dial?.attrs.action !== undefined) {
      url = resolve(url, dial.attrs.action)
      form = { DialCallStatus: 'no-answer' }
    } else if (gather?.attrs.action !== undefined) {
      url = resolve(url, gather.attrs.action)
      form = { Digits: '1' }
    } else if (redirect !== undefined) {
      url = resolve(url, redirect.text)
      form = {}
    } else {
      return steps
    }
  }
  throw new Error(`the call did not end: ${steps.map((s) => s.url).join(' → ')}`)
}

const first = replicas[0]?.url ?? ''
const CALLS = {
  'findme across three numbers, then a message': '/findme?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=%2B14155551002&PhoneNumbers[]=%2B14155551003&Timeout=10&FailUrl=%2Fmessage%3FMessage%3DNobody%2520answered',
  'simulring, then a message': '/simulring?PhoneNumbers[]=%2B14155551001&PhoneNumbers[]=%2B14155551002&FailUrl=%2Fmessage%3FMessage%3DNobody%2520answered',
  'menu, then a message': '/menu?Message=Press%20one%20for%20sales&Options[1]=%2Fmessage%3FMessage%3DSales%2520speaking'
}

t.test('a call through the load balancer goes as on one replica, its steps on alternating replicas', async (t) => {
  for (const [name, url] of Object.entries(CALLS)) {
    const one = await call(first, url)
    const balanced = await call(balancer.url, url)
    t.ok(one.length >= 2, `${name}: ${one.length} steps`)
    t.same(balanced.map((step) => step.url), one.map((step) => step.url), `${name}: the same steps`)
    t.same(balanced.map((step) => step.body), one.map((step) => step.body), `${name}: the same answers`)
    t.ok(balanced.every((step) => step.status === 200), `${name}: every step answered`)
    for (let i = 1; i < balanced.length; i++) {
      t.not(balanced[i]?.replica, balanced[i - 1]?.replica, `${name}: step ${i + 1} on the other replica`)
    }
    t.same(new Set(balanced.map((step) => step.replica)), new Set(['a', 'b']), `${name}: both replicas took part`)
  }
  // The last step of findme's call is the message its FailUrl named, said on whichever replica.
  const findme = await call(balancer.url, CALLS['findme across three numbers, then a message'])
  t.match(findme.at(-1)?.body, '<Say>Nobody answered</Say>')
  t.equal(findme.filter((step) => step.body.includes('<Dial')).length, 3, 'three numbers tried, one after another')
})

/** Sends a call every few milliseconds until stopped; each answer's status, -1 for a failed request. */
function steadyLoad (url: string): { stop: () => Promise<number[]>, byReplica: Map<string, number> } {
  const stopped = new AbortController()
  const answers: Array<Promise<number>> = []
  const byReplica = new Map<string, number>()
  const loop = (async () => {
    while (!stopped.signal.aborted) {
      answers.push(fetch(`${url}/forward?PhoneNumber=%2B14155551001`, { method: 'POST', headers: FORM, body: new URLSearchParams(CALL) })
        .then(async (res) => {
          const body = await res.text()
          const replica = res.headers.get('x-replica') ?? '?'
          byReplica.set(replica, (byReplica.get(replica) ?? 0) + 1)
          return res.status === 200 && body.includes('<Dial') ? 200 : res.status
        }, () => -1))
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  })()
  return {
    byReplica,
    stop: async () => {
      stopped.abort()
      await loop
      return await Promise.all(answers)
    }
  }
}

t.test('a rolling restart under a steady load of calls fails no request', async (t) => {
  const load = steadyLoad(balancer.url)
  await new Promise((resolve) => setTimeout(resolve, 500))
  for (const replica of replicas) {
    t.equal(await replica.stop('SIGTERM'), 0, `replica ${replica.name} shut down cleanly`)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await replica.start()
    await untilServing(balancer.url, replica.name)
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  const statuses = await load.stop()
  const failed = statuses.filter((status) => status !== 200)
  t.ok(statuses.length > 100, `${statuses.length} calls sent`)
  t.same(failed, [], 'every call answered with its <Dial>')
  t.ok((load.byReplica.get('a') ?? 0) > 0 && (load.byReplica.get('b') ?? 0) > 0, `answered by both: ${JSON.stringify([...load.byReplica])}`)
})
