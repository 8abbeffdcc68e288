/**
 * `npm run bench`: the service and a bare Fastify baseline, each in its own process on one
 * core, measured alternately with autocannon on the other core; writes bench/results.md.
 * A measurement, not a test: missed targets are reported, only a failing service fails it.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, openSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startLoadBalancer } from '../scripts/haproxy.js'
import { load, Tally } from './load.js'
import { steady } from './steady.js'
import { firstAnswer, peakRssMiB, PINNED, pinSelf, send, SERVER_CORE, startServer, stopServer, totalCpuSeconds, totalRssMiB } from './processes.js'
import { met, renderReport, type Row } from './report.js'
import { callSidOf, PATTERNS, requestOf, SCENARIOS, type BenchRequest, type Pattern, type Scenario } from './scenarios.js'
import { startCommand } from './start-command.js'

function setting (name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: "${text}" is not a positive number`)
  return value
}

const SECONDS = setting('BENCH_SECONDS', 4)
const ROUNDS = Math.round(setting('BENCH_ROUNDS', 4))
const WARMUP = setting('BENCH_WARMUP', 1)
const CONNECTIONS = Math.round(setting('BENCH_CONNECTIONS', 50))
/** The steady load latency is measured at, in requests per second over all connections. */
const RATE = setting('BENCH_RATE', 2000)
const STEADY_SECONDS = setting('BENCH_STEADY_SECONDS', 3)
const STARTS = Math.round(setting('BENCH_STARTS', 5))
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info'
/** Comma-separated parts of scenario names to run; all when unset. */
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '')
/** One access pattern only (repeated or unique); both when unset. */
const ONLY_PATTERN = process.env.BENCH_PATTERN
/** When set, the service runs under --cpu-prof and writes its profile into this folder, the baselines theirs into its baseline/ folder. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR
/** Extra node options for the service, to try V8 settings: BENCH_NODE_ARGS="--max-semi-space-size=32". */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '')
/** What `npm start` and the Docker image run: the bundle of scripts/bundle.ts, with npm start's node options. */
const START = startCommand()
const SERVICE = START.script
const SERVICE_ARGS = [...START.nodeArgs, ...NODE_ARGS]
/** Profiled, the same code file by file, so a profile names packages and files, not bundle chunks. */
const PROFILED_SERVICE = 'dist/src/server.js'
/**
 * When set, the service measured is this many replicas behind HAProxy (scripts/haproxy.ts,
 * round-robin), none of them pinned, each with an outbox of its own; unset, one server pinned.
 */
const REPLICAS = process.env.BENCH_REPLICAS === undefined || process.env.BENCH_REPLICAS === '' ? undefined : Math.round(setting('BENCH_REPLICAS', 1))
/** The service's REDIS_URL (the replicas share it); none unless given. */
const REDIS_URL = process.env.BENCH_REDIS_URL ?? ''
const BASELINE = 'dist/bench/baseline.js'
const RESULTS = 'bench/results.md'

class BenchError extends Error {}

/** Other work on the machine skews both servers; the report says how busy it was. */
function loadAverage (): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
}

function log (line: string): void {
  process.stderr.write(`${line}\n`)
}

interface Target {
  /** Where requests go: the server, or the load balancer in front of the replicas. */
  port: number
  /** The processes whose CPU and memory are the service's (HAProxy's are not counted). */
  pids: number[]
  stop: () => Promise<void>
}

function serviceEnv (port: number, outbox: string): Record<string, string> {
  // Settings that would change what is measured are set, whatever the environment says.
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL,
    OUTBOX_DIR: outbox,
    S3_ENDPOINT: 'http://127.0.0.1:9/',
    TWILIO_AUTH_TOKEN: '',
    RATE_LIMIT_PER_MINUTE: '0',
    SMTP_URL: '',
    REDIS_URL
  }
}

/** The request every start-up is timed to: a findme call's first step. */
const FIRST = requestOf(SCENARIOS[0] as Scenario, 'repeated', 0)

async function timeStartups (outbox: string, devNull: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < STARTS; i++) {
    const port = await freePort()
    const started = process.hrtime.bigint()
    const child = startServer({ script: SERVICE, env: serviceEnv(port, outbox), stdio: ['ignore', devNull, 'inherit'], nodeArgs: SERVICE_ARGS })
    try {
      const { answer, at } = await firstAnswer(child, port, 'POST', FIRST.path, FIRST.body)
      if (answer.status !== 200) throw new BenchError(`start-up: the first answer was ${answer.status}`)
      times.push(Number(at - started) / 1e6)
    } finally {
      await stopServer(child)
    }
  }
  return times
}

interface Expected {
  scenario: Scenario
  pattern: Pattern
}

/**
 * Asks every scenario once or twice on a service whose log is read, and checks that each
 * answer is the document meant (not a spoken configuration problem), logged at its stage
 * with no warning. Returns each scenario's answer, which the baseline will serve.
 */
async function preflight (outbox: string): Promise<Map<string, string>> {
  const port = await freePort()
  const child = startServer({ script: SERVICE, env: serviceEnv(port, outbox), stdio: ['ignore', 'pipe', 'inherit'], nodeArgs: SERVICE_ARGS })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const bodies = new Map<string, string>()
  const expected = new Map<string, Expected>()
  try {
    await firstAnswer(child, port, 'GET', '/healthz')
    let i = 0
    for (const scenario of selected()) {
      for (const pattern of PATTERNS) {
        const sizes = new Set<number>()
        for (let k = 0; k < 2; k++, i++) {
          const request = requestOf(scenario, pattern, i)
          const answer = await send(port, 'POST', request.path, request.body)
          const where = `${scenario.name} (${pattern}) ${request.path}`
          if (answer.status !== 200) throw new BenchError(`${where}: status ${answer.status}: ${answer.body}`)
          if (!String(answer.headers['content-type']).startsWith('text/xml')) throw new BenchError(`${where}: not XML`)
          if (!scenario.expect.test(answer.body)) throw new BenchError(`${where}: unexpected document ${answer.body}`)
          sizes.add(Buffer.byteLength(answer.body))
          if (k === 0) bodies.set(key(scenario, pattern), answer.body)
          expected.set(callSidOf(i), { scenario, pattern })
        }
        if (sizes.size !== 1) throw new BenchError(`${scenario.name} (${pattern}): answers differ in size (${[...sizes].join(', ')}); the baseline could not match them`)
      }
    }
  } finally {
    await stopServer(child)
  }
  checkLog(output, expected)
  return bodies
}

function checkLog (output: string, expected: Map<string, Expected>): void {
  const stages = new Map<string, string>()
  for (const line of output.split('\n')) {
    if (line === '') continue
    const entry = JSON.parse(line) as { level: number, msg: string, callSid?: string, stage?: string }
    if (entry.callSid === undefined || !expected.has(entry.callSid)) continue
    if (entry.level >= 40) throw new BenchError(`the service warned about a bench request: ${line}`)
    if (entry.msg === 'request' && entry.stage !== undefined) stages.set(entry.callSid, entry.stage)
  }
  for (const [callSid, { scenario, pattern }] of expected) {
    const stage = stages.get(callSid)
    if (stage !== scenario.stage) throw new BenchError(`${scenario.name} (${pattern}): logged stage ${stage ?? 'none'}, expected ${scenario.stage}`)
  }
}

function key (scenario: Scenario, pattern: Pattern): string {
  return `${scenario.name}\n${pattern}`
}

function selected (): Scenario[] {
  return SCENARIOS.filter((s) => ONLY.length === 0 || ONLY.some((part) => s.name.toLowerCase().includes(part)))
}

interface StartOptions { stdio: number, ready: string, nodeArgs?: string[], pinned?: boolean }

/** Starts a server and waits until `ready` answers, whatever the status. */
async function start (script: string, env: Record<string, string>, options: StartOptions): Promise<Target & { child: ChildProcess }> {
  const port = Number(env.PORT)
  const child = startServer({ script, env, stdio: ['ignore', options.stdio, 'inherit'], nodeArgs: options.nodeArgs, pinned: options.pinned })
  try {
    await firstAnswer(child, port, 'GET', options.ready)
  } catch (error) {
    await stopServer(child)
    throw error
  }
  return { child, port, pids: [child.pid ?? 0], stop: async () => await stopServer(child) }
}

/** The service as measured: one server, or BENCH_REPLICAS of them behind HAProxy. */
async function startService (script: string, outbox: string, options: StartOptions): Promise<Target> {
  if (REPLICAS === undefined) return await start(script, serviceEnv(await freePort(), outbox), options)
  const replicas: Target[] = []
  try {
    for (let i = 0; i < REPLICAS; i++) replicas.push(await start(script, serviceEnv(await freePort(), join(outbox, `replica-${i + 1}`)), { ...options, pinned: false }))
    const balancer = await startLoadBalancer(replicas.map((replica, i) => ({ name: `r${i + 1}`, port: replica.port })))
    return {
      port: balancer.port,
      pids: replicas.flatMap((replica) => replica.pids),
      stop: async () => {
        await balancer.close()
        await Promise.all(replicas.map(async (replica) => await replica.stop()))
      }
    }
  } catch (error) {
    await Promise.all(replicas.map(async (replica) => await replica.stop()))
    throw error
  }
}

/** Warm-up, then alternating slices, so drift over the run touches both servers alike. */
async function measure (service: Target, baseline: Target, scenario: Scenario, pattern: Pattern): Promise<{ service: Tally, baseline: Tally }> {
  let i = 0
  const next = (): BenchRequest => requestOf(scenario, pattern, i++)
  const tallies = { service: new Tally(), baseline: new Tally() }
  const run = async (target: Target, seconds: number, tally: Tally): Promise<void> => {
    await load({ port: target.port, pids: target.pids, seconds, connections: CONNECTIONS, next }, tally)
  }
  await run(service, WARMUP, new Tally())
  await run(baseline, WARMUP, new Tally())
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['service', 'baseline'] as const : ['baseline', 'service'] as const
    for (const which of order) await run(which === 'service' ? service : baseline, SECONDS / ROUNDS, tallies[which])
  }
  return tallies
}

/** Latency under a steady load well below saturation, for both servers. */
async function measureSteady (service: Target, baseline: Target, scenario: Scenario, pattern: Pattern): Promise<{ service: Tally, baseline: Tally }> {
  let i = 1_000_000
  const next = (): BenchRequest => requestOf(scenario, pattern, i++)
  const tallies = { service: new Tally(), baseline: new Tally() }
  for (const which of ['service', 'baseline'] as const) {
    const target = which === 'service' ? service : baseline
    await steady({ port: target.port, pids: target.pids, connections: CONNECTIONS, rate: RATE, seconds: STEADY_SECONDS, next }, tallies[which])
  }
  return tallies
}

async function main (): Promise<void> {
  for (const script of [SERVICE, BASELINE]) {
    if (!existsSync(script)) throw new BenchError(`${script} is missing: run \`npm run build\` first (npm run bench does)`)
  }
  pinSelf()
  const work = await mkdtemp(join(tmpdir(), 'twimlets-bench-'))
  const devNull = openSync('/dev/null', 'w')
  const rows: Row[] = []
  let baselinePeakRss = 0
  let service: Target | undefined
  const loadBefore = loadAverage()
  try {
    log('bench: timing start-ups')
    const times = await timeStartups(work, devNull)
    log('bench: checking every scenario answers as meant')
    const bodies = await preflight(work)
    const profile = PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]
    service = await startService(PROFILE_DIR === undefined ? SERVICE : PROFILED_SERVICE, work, { stdio: devNull, ready: '/healthz', nodeArgs: [...SERVICE_ARGS, ...profile] })
    const serviceIdleRss = totalRssMiB(service.pids)
    for (const scenario of selected()) {
      for (const pattern of PATTERNS.filter((p) => ONLY_PATTERN === undefined || ONLY_PATTERN === p)) {
        const body = bodies.get(key(scenario, pattern)) ?? ''
        const bodyFile = join(work, 'baseline.xml')
        await writeFile(bodyFile, body)
        const path = scenario.path.slice(0, scenario.path.indexOf('?'))
        const port = await freePort()
        const baseline = await start(BASELINE, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL, BASELINE_PATH: path, BASELINE_BODY_FILE: bodyFile }, { stdio: devNull, ready: path, nodeArgs: PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(PROFILE_DIR, 'baseline')}`] })
        try {
          const sample = requestOf(scenario, pattern, 0)
          const check = await send(port, 'POST', sample.path, sample.body)
          if (check.status !== 200 || check.body !== body) throw new BenchError(`${scenario.name}: the baseline does not answer the service's document`)
          log(`bench: ${scenario.name}, ${pattern}`)
          const row: Row = { scenario: scenario.name, pattern, bytes: Buffer.byteLength(body), ...await measure(service, baseline, scenario, pattern), steady: await measureSteady(service, baseline, scenario, pattern) }
          for (const tally of [row.service, row.baseline, row.steady.service, row.steady.baseline]) {
            if (tally.bad > 0) throw new BenchError(`${scenario.name} (${pattern}): ${tally.bad} failed requests (service ${row.service.bad}/${row.steady.service.bad}, baseline ${row.baseline.bad}/${row.steady.baseline.bad})`)
          }
          rows.push(row)
          log(`  ${Math.round(row.service.rate)} vs ${Math.round(row.baseline.rate)} req/s; at ${RATE} req/s p99 ${row.steady.service.latency(0.99).toFixed(2)} vs ${row.steady.baseline.latency(0.99).toFixed(2)} ms${met(row) ? '' : ' (target missed)'}`)
          baselinePeakRss = Math.max(baselinePeakRss, peakRssMiB(baseline.pids[0] ?? 0))
        } finally {
          await baseline.stop()
        }
      }
    }
    const servicePeakRss = service.pids.reduce((sum, pid) => sum + peakRssMiB(pid), 0)
    const serviceCpu = totalCpuSeconds(service.pids)
    log(`bench: the service used ${serviceCpu.toFixed(1)} CPU seconds`)
    const replicas = REPLICAS === undefined ? '' : `the service: ${REPLICAS} replicas behind HAProxy (round-robin), not pinned, their CPU and memory added up (HAProxy's not counted); the baseline `
    const pinned = replicas + (PINNED
      ? `${REPLICAS === undefined ? 'each server ' : ''}pinned to core ${SERVER_CORE} (taskset), autocannon on core 0`
      : 'no CPU pinning (one core or no taskset): figures are noisier')
    const settings = `the service run as \`npm start\` runs it: \`node ${[...SERVICE_ARGS, SERVICE].join(' ')}\`; ` +
      `${SECONDS} s per server per scenario and pattern, in ${ROUNDS} alternating slices after a ${WARMUP} s warm-up each; ` +
      `${CONNECTIONS} connections; ${REDIS_URL === '' ? 'no REDIS_URL' : 'REDIS_URL set (a Redis on this machine)'}; POST with Twilio's call form; log level ${LOG_LEVEL}, both servers' JSON log to /dev/null; ` +
      `then ${STEADY_SECONDS} s each at a steady ${RATE} requests/s over the same ${CONNECTIONS} connections for latency; ` +
      `load average ${loadBefore} before, ${loadAverage()} after (1, 5, 15 min)` +
      (PROFILE_DIR === undefined ? '.' : '; **the service ran under --cpu-prof, so its figures are lower than unprofiled ones**.')
    const report = renderReport({ settings, pinned, rate: RATE, rows, servicePeakRss, serviceIdleRss, baselinePeakRss, startup: { times } })
    process.stdout.write(`${report}\n`)
    if (ONLY.length === 0 && ONLY_PATTERN === undefined && NODE_ARGS.length === 0 && PROFILE_DIR === undefined && REPLICAS === undefined && REDIS_URL === '') {
      await writeFile(RESULTS, report)
      log(`bench: written to ${RESULTS}`)
    } else {
      log(`bench: ${RESULTS} not written (partial, profiled, replicated or Redis run)`)
    }
  } finally {
    if (service !== undefined) await service.stop()
    await rm(work, { recursive: true, force: true })
  }
}

try {
  await main()
} catch (error) {
  if (!(error instanceof BenchError)) throw error
  log(`bench: FAILED: ${error.message}`)
  process.exitCode = 1
}
