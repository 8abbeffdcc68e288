import autocannon from 'autocannon'
import { totalCpuSeconds, totalRssMiB } from './processes.js'
import type { BenchRequest } from './scenarios.js'

export interface LoadOptions {
  port: number
  /** The server's processes (its replicas), for their memory and CPU together. */
  pids: readonly number[]
  seconds: number
  connections: number
  /** The i-th request; i counts on across runs so a unique pattern never repeats itself. */
  next: () => BenchRequest
}

/** What one or more runs against one server saw; runs add up with `add`. */
export class Tally {
  requests = 0
  seconds = 0
  bad = 0
  serverCpu = 0
  clientCpu = 0
  maxRss = 0
  #latencies = new Float64Array(1 << 16)
  #count = 0

  record (ms: number): void {
    if (this.#count === this.#latencies.length) {
      const grown = new Float64Array(this.#latencies.length * 2)
      grown.set(this.#latencies)
      this.#latencies = grown
    }
    this.#latencies[this.#count++] = ms
  }

  get rate (): number {
    return this.seconds === 0 ? 0 : this.requests / this.seconds
  }

  /** Share of the run's wall time the server spent on CPU: near 1 means the server was the limit. */
  get serverLoad (): number {
    return this.seconds === 0 ? 0 : this.serverCpu / this.seconds
  }

  /** Server CPU time per request, in µs: unlike req/s, barely moved by other work on the machine. */
  get cpuPerRequest (): number {
    return this.requests === 0 ? Number.NaN : this.serverCpu / this.requests * 1e6
  }

  get clientLoad (): number {
    return this.seconds === 0 ? 0 : this.clientCpu / this.seconds
  }

  /** The q-quantile of every response's latency, in ms. */
  latency (q: number): number {
    if (this.#count === 0) return Number.NaN
    const sorted = this.#latencies.slice(0, this.#count).sort()
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  }
}

/** Runs autocannon against one server, adding what it saw to `tally`. */
export async function load (options: LoadOptions, tally: Tally): Promise<void> {
  const samples = setInterval(() => { tally.maxRss = Math.max(tally.maxRss, totalRssMiB(options.pids)) }, 100)
  const cpuBefore = totalCpuSeconds(options.pids)
  const clientBefore = process.cpuUsage()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: `http://127.0.0.1:${options.port}`,
      connections: options.connections,
      duration: options.seconds,
      // A run ends on a sample tick: short ticks keep it close to the asked duration.
      sampleInt: 100,
      requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (request) => ({ ...request, ...options.next() })
      }]
    }, (error: unknown, result) => {
      if (error === null || error === undefined) resolve(result)
      else reject(error instanceof Error ? error : new Error(String(error)))
    })
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) tally.record(ms)
    })
  })
  clearInterval(samples)
  const client = process.cpuUsage(clientBefore)
  tally.requests += result.requests.total
  tally.seconds += result.duration
  tally.bad += result.non2xx + result.errors + result.timeouts
  tally.serverCpu += totalCpuSeconds(options.pids) - cpuBefore
  tally.clientCpu += (client.user + client.system) / 1e6
  tally.maxRss = Math.max(tally.maxRss, totalRssMiB(options.pids))
}
