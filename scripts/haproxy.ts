import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Debian's package puts it here; `.ci/run` installs it. */
export const HAPROXY = '/usr/sbin/haproxy'

export interface Backend { name: string, port: number }

export interface LoadBalancer {
  url: string
  port: number
  /** HAProxy's process id (one process, its threads inside), for its CPU time. */
  pid: number
  close: () => Promise<void>
}

export interface LoadBalancerOptions {
  /** Its port on loopback; a free one unless given. */
  port?: number
  /** HAProxy's own threads (`nbthread`); HAProxy's default (one per core) unless given. */
  threads?: number
}

/** A port free on loopback now, for a server that must come back on the same one. */
export async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

function configOf (port: number, backends: readonly Backend[], options: LoadBalancerOptions): string {
  return [
    'global',
    '  maxconn 4096',
    ...(options.threads === undefined ? [] : [`  nbthread ${options.threads}`]),
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A busy replica's /readyz may take longer than `inter` (the check's timeout otherwise):
    // it stays in; one that is stopping says 503 at once, one that is gone refuses at once.
    '  timeout check 2s',
    '  option http-buffer-request',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response response-timeout',
    'frontend calls',
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  default-server inter 200ms fall 1 rise 1',
    '  http-response set-header X-Replica %s',
    ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`),
    ''
  ].join('\n')
}

/**
 * HAProxy in front of the replicas, round-robin, as an operator would run it: /readyz decides
 * who gets traffic, a request whose replica refused or dropped its connection goes to another,
 * and each answer says which replica gave it (X-Replica). Resolves once it answers /healthz
 * through a replica.
 */
export async function startLoadBalancer (backends: readonly Backend[], options: LoadBalancerOptions = {}): Promise<LoadBalancer> {
  const port = options.port ?? await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'twimlets-haproxy-'))
  const file = join(dir, 'haproxy.cfg')
  await writeFile(file, configOf(port, backends, options))
  const child = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  const exited = once(child, 'exit')
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`haproxy exited: ${out}`)
      const up = await fetch(`${url}/healthz`).then(async (res) => { await res.text(); return res.status }, () => 0)
      if (up === 200) return { url, port, pid: child.pid ?? 0, close }
      if (Date.now() > deadline) throw new Error(`haproxy did not answer: ${out}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } catch (error) {
    await close()
    throw error
  }
}

/** Waits until the load balancer sends requests to the replica `name` again (its /readyz passed). */
export async function untilServing (balancer: string, name: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const res = await fetch(`${balancer}/healthz`)
    await res.text()
    if (res.headers.get('x-replica') === name) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`replica ${name} is not back behind the load balancer`)
}
