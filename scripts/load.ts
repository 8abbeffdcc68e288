import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { flood } from './flood.js'
import { freePort, startLoadBalancer, type LoadBalancer } from './haproxy.js'

/**
 * Load across every twimlet: 200 connections for 60 s (LOAD_SECONDS, LOAD_CONNECTIONS) against a
 * server started here, on loopback. Fails unless every response is a 2xx and the server's memory
 * stays flat. Prints the figures.
 *
 * `npm run load -- flood` (or LOAD_SCENARIO=flood) runs the floods instead (scripts/flood.ts):
 * forged recording callbacks (LOAD_FORGED_PER_SECOND, 200) and slow clients (LOAD_SLOW_CLIENTS,
 * 1,100) beside real calls (LOAD_REAL_PER_SECOND, 5); it fails unless every real call was
 * answered and every real voicemail stored.
 *
 * `--replicas N` (LOAD_REPLICAS) starts N servers, each with an outbox of its own, behind HAProxy
 * (round-robin, scripts/haproxy.ts) and loads them through it; REDIS_URL, when set, is theirs.
 * `--url URL` (LOAD_URL) loads a service already running there instead, memory unchecked.
 */
const ARGS = parseArgs({
  allowPositionals: true,
  options: { replicas: { type: 'string' }, url: { type: 'string' } }
})
const SCENARIO = ARGS.positionals[0] ?? process.env.LOAD_SCENARIO ?? 'twimlets'
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60)
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200)
const PORT = Number(process.env.LOAD_PORT ?? 39_517)
const REPLICAS = Number(ARGS.values.replicas ?? process.env.LOAD_REPLICAS ?? 1)
const URL_GIVEN = ARGS.values.url ?? process.env.LOAD_URL
const FORM = 'AccountSid=AC0&CallSid=CA0&From=%2B15105551212&To=%2B14155550100&CallStatus=in-progress&ApiVersion=2010-04-01'
const TEN = Array.from({ length: 10 }, (_, i) => `PhoneNumbers[]=%2B1415555${1001 + i}`).join('&')

const REQUESTS: Array<{ path: string, body?: string }> = [
  { path: '/forward?PhoneNumber=%2B14155551001&Timeout=15' },
  { path: '/forward?PhoneNumber=%2B14155551001&AllowedCallers[]=5105551212' },
  { path: `/simulring?${TEN}&Message=Call%20for%20sales` },
  { path: `/findme?${TEN}&Timeout=15&FailUrl=voicemail%3FEmail%3Dme%40example.com` },
  { path: `/findme?Dial=true&${TEN}`, body: `${FORM}&DialCallStatus=busy` },
  { path: '/callme?PhoneNumber=%2B14155551001' },
  { path: '/whisper?HumanCheck=true' },
  { path: '/whisper?HumanCheck=true', body: `${FORM}&Digits=1` },
  { path: '/voicemail?Email=me%40example.com' },
  { path: '/menu?Message=Press%201&Options[1]=message%3FMessage%3Dhi&Options[2]=https%3A%2F%2Fexample.com%2Fb' },
  { path: '/menu?Options[1]=message', body: `${FORM}&Digits=1` },
  { path: '/message?Message[]=Hello&Message[]=https%3A%2F%2Fexample.com%2Fa.mp3' },
  { path: '/conference?Name=team&Moderators[]=%2B15105551212' },
  { path: '/echo?Twiml=%3CResponse%3E%3CSay%3Ehi%3C%2FSay%3E%3C%2FResponse%3E' },
  { path: '/holdmusic?Bucket=com.twilio.music.classical' }
]

function rssMiB (pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024)
}

async function waitUp (url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`server did not come up at ${url}`)
}

async function floods (base: string, outbox: string): Promise<boolean> {
  const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback)
  const report = await flood({
    url: base,
    outboxDir: outbox,
    seconds: SECONDS,
    slowClients: setting('LOAD_SLOW_CLIENTS', 1100),
    forgedPerSecond: setting('LOAD_FORGED_PER_SECOND', 200),
    realPerSecond: setting('LOAD_REAL_PER_SECOND', 5)
  })
  console.log(JSON.stringify(report, null, 2))
  console.log(report.ok ? 'load flood: OK, every real call answered and every real voicemail stored' : 'load flood: FAILED')
  return report.ok
}

interface Service {
  base: string
  /** The servers started here, for their memory; none for a service at --url. */
  pids: number[]
  outbox: string
  stop: () => Promise<void>
}

/** The servers to load: one on LOAD_PORT, N behind HAProxy (the first on LOAD_PORT), or the one at --url. */
async function startService (): Promise<Service> {
  const outbox = await mkdtemp(join(tmpdir(), 'twimlets-load-'))
  if (URL_GIVEN !== undefined) return { base: new URL(URL_GIVEN).href.replace(/\/$/, ''), pids: [], outbox, stop: async () => await rm(outbox, { recursive: true, force: true }) }
  if (!Number.isInteger(REPLICAS) || REPLICAS < 1) throw new Error(`--replicas: "${String(REPLICAS)}" is not a whole number of servers`)
  const ports = [PORT, ...await Promise.all(Array.from({ length: REPLICAS - 1 }, async () => await freePort()))]
  const servers: ChildProcess[] = ports.map((port, i) => spawn(process.execPath, ['dist/src/server.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', OUTBOX_DIR: REPLICAS === 1 ? outbox : join(outbox, String(i)), S3_ENDPOINT: 'http://127.0.0.1:9/' },
    stdio: ['ignore', 'ignore', 'inherit']
  }))
  let balancer: LoadBalancer | undefined
  const stop = async (): Promise<void> => {
    await balancer?.close()
    for (const server of servers) server.kill('SIGTERM')
    await rm(outbox, { recursive: true, force: true })
  }
  try {
    for (const port of ports) await waitUp(`http://127.0.0.1:${port}/healthz`)
    if (REPLICAS > 1) balancer = await startLoadBalancer(ports.map((port, i) => ({ name: `r${i + 1}`, port })))
  } catch (error) {
    await stop()
    throw error
  }
  return { base: balancer?.url ?? `http://127.0.0.1:${PORT}`, pids: servers.map((server) => server.pid ?? 0), outbox, stop }
}

async function main (): Promise<void> {
  const service = await startService()
  try {
    const { base, pids } = service
    if (SCENARIO === 'flood') {
      if (pids.length !== 1) throw new Error('the flood counts stored voicemails in its one server\'s outbox: run it without --replicas or --url')
      process.exitCode = await floods(base, service.outbox) ? 0 : 1
      return
    }
    if (SCENARIO !== 'twimlets') throw new Error(`no load scenario "${SCENARIO}": twimlets or flood`)
    // Each server's memory, sampled every second.
    const samples: number[][] = pids.map(() => [])
    const sampler = setInterval(() => { pids.forEach((pid, i) => { void rssMiB(pid).then((m) => samples[i]?.push(m)) }) }, 1000)
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: REQUESTS.map((r) => r.body === undefined
        ? { method: 'GET' as const, path: r.path }
        : { method: 'POST' as const, path: r.path, body: r.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    })
    clearInterval(sampler)
    const memory = samples.map(memoryOf)
    const figures = {
      target: URL_GIVEN ?? (pids.length === 1 ? 'one server' : `${pids.length} replicas behind HAProxy`),
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: result.requests.total,
      'requests/s': Math.round(result.requests.average),
      'latency p50 ms': result.latency.p50,
      'latency p99 ms': result.latency.p99,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      'rss MiB (min / middle third max / last third max)': memory.length === 0 ? 'not measured (--url)' : memory.map((m) => m.text).join('; ')
    }
    console.table(figures)
    const flat = memory.every((m) => m.flat)
    const ok = result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 && flat
    console.log(ok ? 'load: OK' : `load: FAILED${flat ? '' : ' (memory grew)'}`)
    process.exitCode = ok ? 0 : 1
  } finally {
    await service.stop()
  }
}

/** One server's memory over the run: flat unless the last third's peak passed the middle third's by 15 % and 5 MiB. */
function memoryOf (samples: number[]): { text: string, flat: boolean } {
  const third = Math.max(1, Math.floor(samples.length / 3))
  const early = Math.max(...samples.slice(third, 2 * third))
  const late = Math.max(...samples.slice(2 * third))
  return { text: `${Math.min(...samples).toFixed(1)} / ${early.toFixed(1)} / ${late.toFixed(1)}`, flat: late <= early * 1.15 + 5 }
}

await main()
