import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import type { Tally } from './load.js'
import type { Pattern } from './scenarios.js'

/** The issue's targets, as ratios to the baseline measured in the same run. */
export const TARGETS = {
  ratio: { repeated: 0.85, unique: 0.6 } satisfies Record<Pattern, number>,
  p99Ms: 3,
  peakRssMiB: 110,
  firstResponseMs: 250
} as const

export interface Row {
  scenario: string
  pattern: Pattern
  bytes: number
  service: Tally
  baseline: Tally
  /** The same servers under a steady load, for latency. */
  steady: { service: Tally, baseline: Tally }
}

export interface Startup {
  /** Milliseconds from spawn to the first complete twimlet answer, one per start. */
  times: number[]
}

export interface Run {
  settings: string
  /** The steady load's requests per second. */
  rate: number
  pinned: string
  rows: Row[]
  servicePeakRss: number
  /** Resident memory once the service was ready, before any load. */
  serviceIdleRss: number
  baselinePeakRss: number
  startup: Startup
}

function version (name: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version
  } catch {
    return 'not installed'
  }
}

function git (...args: string[]): string {
  return spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? ''
}

function memoryGiB (): string {
  return (totalmem() / 2 ** 30).toFixed(1)
}

export function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] ?? Number.NaN : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

const CLIENT_BOUND = 0.9
const yes = (ok: boolean): string => ok ? 'yes' : '**no**'
const ms = (value: number): string => value.toFixed(2)
const rate = (value: number): string => Math.round(value).toLocaleString('en-US')
const share = (value: number): string => `${Math.round(value * 100)}%`

export function ratioOf (row: Row): number {
  return row.service.rate / row.baseline.rate
}

/** p99 is judged under the steady load: at saturation, latency is queueing that any server has. */
export function met (row: Row): boolean {
  return ratioOf(row) >= TARGETS.ratio[row.pattern] && row.steady.service.latency(0.99) < TARGETS.p99Ms
}

function header (run: Run): string[] {
  const commit = git('rev-parse', '--short', 'HEAD')
  const dirty = git('status', '--porcelain') === '' ? '' : ' with uncommitted changes'
  return [
    '# twimlets benchmark',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()}.`,
    '',
    `- Machine: ${cpus().length} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${memoryGiB()} GiB memory; ${run.pinned}.`,
    `- Node ${process.version}; fastify ${version('fastify')}, xmlbuilder2 ${version('xmlbuilder2')}, lru-cache ${version('lru-cache')}, autocannon ${version('autocannon')}; twimlets at ${commit === '' ? 'an unknown commit' : commit}${dirty}.`,
    `- ${run.settings}`,
    '- Baseline: a bare Fastify route returning the service\'s own answer for the scenario as a constant (same bytes), with the service\'s server options and the same one-line JSON request log.',
    `- Targets: ratio ≥ ${TARGETS.ratio.repeated} (repeated) and ≥ ${TARGETS.ratio.unique} (unique), p99 < ${TARGETS.p99Ms} ms; peak RSS < ${TARGETS.peakRssMiB} MiB; first response < ${TARGETS.firstResponseMs} ms after spawn.`,
    ''
  ]
}

function mainTable (rows: readonly Row[]): string[] {
  const lines = [
    '| scenario | pattern | req/s service | req/s baseline | ratio | p50 / p99 ms, steady load | baseline p50 / p99 ms, steady load | target met? |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |'
  ]
  for (const row of rows) {
    const { service, baseline } = row.steady
    lines.push(`| ${row.scenario} | ${row.pattern} | ${rate(row.service.rate)} | ${rate(row.baseline.rate)} | ${ratioOf(row).toFixed(2)}× | ` +
      `${ms(service.latency(0.5))} / ${ms(service.latency(0.99))} | ${ms(baseline.latency(0.5))} / ${ms(baseline.latency(0.99))} | ${yes(met(row))} |`)
  }
  return lines
}

function detailTable (rows: readonly Row[]): string[] {
  const lines = [
    '| scenario | pattern | answer bytes | CPU µs/request service | CPU µs/request baseline | CPU ratio | CPU µs/request at steady load, service / baseline | p50 / p99 ms at saturation, service | p50 / p99 ms at saturation, baseline | service CPU busy | baseline CPU busy | load generator CPU (service / baseline) | service RSS max MiB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
  ]
  for (const row of rows) {
    const cpu = row.baseline.cpuPerRequest / row.service.cpuPerRequest
    const steady = `${row.steady.service.cpuPerRequest.toFixed(0)} / ${row.steady.baseline.cpuPerRequest.toFixed(0)}`
    lines.push(`| ${row.scenario} | ${row.pattern} | ${row.bytes} | ${row.service.cpuPerRequest.toFixed(0)} | ${row.baseline.cpuPerRequest.toFixed(0)} | ${cpu.toFixed(2)}× | ${steady} | ` +
      `${ms(row.service.latency(0.5))} / ${ms(row.service.latency(0.99))} | ${ms(row.baseline.latency(0.5))} / ${ms(row.baseline.latency(0.99))} | ` +
      `${share(row.service.serverLoad)} | ${share(row.baseline.serverLoad)} | ${share(row.service.clientLoad)} / ${share(row.baseline.clientLoad)} | ${row.service.maxRss.toFixed(1)} |`)
  }
  return lines
}

/** The load generator's own core was nearly full: that server may have had more to give. */
function clientBound (rows: readonly Row[]): string[] {
  const bound = rows.filter((row) => Math.max(row.service.clientLoad, row.baseline.clientLoad) >= CLIENT_BOUND)
  if (bound.length === 0) return []
  return ['', `The load generator was ≥ ${share(CLIENT_BOUND)} busy in ${bound.map((row) => `${row.scenario} (${row.pattern})`).join(', ')}: ` +
    'there the baseline may be limited by autocannon rather than by Fastify, which flatters the ratio.']
}

export function renderReport (run: Run): string {
  const times = run.startup.times
  const first = { median: median(times), max: Math.max(...times) }
  const metCount = run.rows.filter(met).length
  return [
    ...header(run),
    '## Throughput and latency',
    '',
    ...mainTable(run.rows),
    '',
    `${metCount} of ${run.rows.length} rows meet their targets. req/s is at saturation: 50 connections, each sending its next request as soon as the last is answered. ` +
      `Latency is measured apart, at a steady ${rate(run.rate)} requests/s sent on schedule over the same connections, from the moment each request was due; ` +
      'at saturation every server\'s latency is its queue (50 ÷ req/s on average), so it is given in the details.',
    ...clientBound(run.rows),
    '',
    '## Memory and start-up',
    '',
    `- Peak RSS of the service (VmHWM, whole run): ${run.servicePeakRss.toFixed(1)} MiB (target < ${TARGETS.peakRssMiB} MiB: ${yes(run.servicePeakRss < TARGETS.peakRssMiB)}); ` +
      `${run.serviceIdleRss.toFixed(1)} MiB when ready, before any load. The baseline processes peaked at ${run.baselinePeakRss.toFixed(1)} MiB.`,
    `- Spawn to first twimlet response, ${times.length} fresh processes: median ${first.median.toFixed(0)} ms, max ${first.max.toFixed(0)} ms ` +
      `(${times.map((t) => t.toFixed(0)).join(', ')}) (target < ${TARGETS.firstResponseMs} ms: ${yes(first.max < TARGETS.firstResponseMs)}).`,
    '',
    '## Details',
    '',
    'CPU busy is CPU seconds over wall seconds: near 100% for a server means it, not the load generator, was the limit; well under 100% for both means other work on the machine took the core.',
    'CPU µs/request is the server\'s CPU time (user + system, from /proc) per answered request; the CPU ratio (baseline ÷ service) is the req/s ratio with the machine\'s other load mostly taken out, and the better guide when the load average is high.',
    '',
    ...detailTable(run.rows),
    ''
  ].join('\n')
}
