import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { availableParallelism } from 'node:os'

/** Server on one core, load generator on another, when the machine has two and taskset exists. */
export const PINNED = availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0
export const SERVER_CORE = '1'
const CLIENT_CORE = '0'
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/** Moves this process (every thread) to the load generator's core. */
export function pinSelf (): void {
  if (PINNED) spawnSync('taskset', ['-a', '-p', '-c', CLIENT_CORE, String(process.pid)], { stdio: 'ignore' })
}

export interface ServerOptions {
  script: string
  env: Record<string, string>
  stdio: StdioOptions
  nodeArgs?: string[]
  /** On the server's core (when PINNED); false leaves it to the kernel, as replicas sharing the machine are. */
  pinned?: boolean
}

/** Starts `node script` on the server's core; taskset execs node, so the pid is node's. */
export function startServer (options: ServerOptions): ChildProcess {
  const node = [...(options.nodeArgs ?? []), options.script]
  const [command, args] = PINNED && options.pinned !== false ? ['taskset', ['-c', SERVER_CORE, process.execPath, ...node]] : [process.execPath, node]
  return spawn(command, args, { env: { ...process.env, ...options.env }, stdio: options.stdio })
}

export async function stopServer (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One request on a fresh connection. */
export async function send (port: number, method: string, path: string, body?: string): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Polls until the server answers the request; resolves with the answer and when it came. */
export async function firstAnswer (child: ChildProcess, port: number, method: string, path: string, body?: string, timeoutMs = 20_000): Promise<{ answer: Answer, at: bigint }> {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before answering`)
    try {
      const answer = await send(port, method, path, body)
      return { answer, at: process.hrtime.bigint() }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error
    }
    if (Date.now() > until) throw new Error(`no answer on port ${port} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

function statusField (pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match === null ? 0 : Number(match[1]) / 1024
}

/** Resident memory now, in MiB. */
export function rssMiB (pid: number): number {
  return statusField(pid, 'VmRSS')
}

/** The most resident memory the process has ever had, in MiB. */
export function peakRssMiB (pid: number): number {
  return statusField(pid, 'VmHWM')
}

/** Resident memory of several processes together, in MiB. */
export function totalRssMiB (pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + rssMiB(pid), 0)
}

/** CPU seconds several processes have used together. */
export function totalCpuSeconds (pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
}

/** CPU seconds (user + system) the process has used, every thread counted. */
export function cpuSeconds (pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / CLOCK_TICKS
}
