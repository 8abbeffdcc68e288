import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import t from 'tap'
import { readConfig } from '../../src/config.js'
import { envFileNames, imageEnv, readText, readYaml, refusal, ROOT, stopMs, unknownSettings } from '../fixtures/deploy.js'

const COMPOSE = 'deploy/compose.yaml'
const CADDY = '/usr/bin/caddy'

interface Service {
  build?: string
  image?: string
  command?: string[]
  restart?: string
  env_file?: string | string[]
  environment?: Record<string, string>
  volumes?: string[]
  ports?: string[]
  healthcheck?: { test?: string[] }
  stop_grace_period?: string
  read_only?: boolean
}

interface Compose { services: Record<string, Service>, volumes?: Record<string, unknown> }

interface Files {
  compose: Compose
  /** deploy/compose.yaml as text, for the ${NAME}s Compose fills in. */
  text: string
  /** deploy/.env.example: what Compose fills in. */
  dotEnv: string
  /** deploy/twimlets.env.example: the replicas' settings. */
  settings: string
  caddyfile: string
}

async function files (): Promise<Files> {
  return {
    compose: (await readYaml(COMPOSE))[0] as Compose,
    text: await readText(COMPOSE),
    dotEnv: await readText('deploy/.env.example'),
    settings: await readText('deploy/twimlets.env.example'),
    caddyfile: await readText('deploy/Caddyfile')
  }
}

/** Compose's durations: `15s`, `1m30s`, `500ms`. */
function durationMs (text: string | undefined): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 }
  let total = 0
  for (const m of (text ?? '').matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g)) total += Number(m[1]) * (units[m[2] ?? ''] ?? 0)
  return total
}

/** The NAME=value lines of an env file that are not commented out. */
function values (text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']))
}

function replicasOf (compose: Compose): Array<[string, Service]> {
  return Object.entries(compose.services).filter(([, service]) => service.build === '..')
}

async function replicaProblems (name: string, service: Service, files: Files): Promise<string[]> {
  const problems: string[] = []
  const env = service.environment ?? {}
  const image = await imageEnv()
  if (![service.env_file].flat().includes('twimlets.env')) problems.push(`${name} does not read twimlets.env`)
  problems.push(...unknownSettings(Object.keys(env), `${name}'s environment`))
  if (!/^https:\/\/\$\{TWIMLETS_DOMAIN[:?}]/.test(env.PUBLIC_URL ?? '')) problems.push(`${name}'s PUBLIC_URL is not https:// and the domain Caddy serves`)
  if (readConfig({ TRUST_PROXY: env.TRUST_PROXY }).trustProxy === false) problems.push(`${name} does not trust Caddy for the caller's address`)
  const redis = /^redis:\/\/default:\$\{(REDIS_PASSWORD)[:?}][^@]*@([a-z0-9-]+):6379\/\d+$/.exec(env.REDIS_URL ?? '')
  const password = /--requirepass \$\{([A-Z_]+)\}/.exec(files.compose.services[redis?.[2] ?? '']?.command?.join(' ') ?? '')?.[1]
  if (redis === null || password !== redis[1]) problems.push(`${name}'s REDIS_URL is not the Redis service with its password`)
  const outbox = service.volumes?.map((v) => v.split(':')).find(([, path]) => path === image.OUTBOX_DIR)?.[0]
  if (outbox === undefined || !(outbox in (files.compose.volumes ?? {}))) problems.push(`${name}'s outbox (${image.OUTBOX_DIR ?? '?'}) is not on a named volume`)
  const probe = service.healthcheck?.test?.join(' ') ?? ''
  if (!probe.includes(`http://127.0.0.1:${env.PORT ?? image.PORT ?? '?'}/readyz`)) problems.push(`${name}'s healthcheck does not ask /readyz on its PORT`)
  if (!['always', 'unless-stopped', 'on-failure'].includes(service.restart ?? 'no')) problems.push(`${name} is not restarted`)
  const grace = await stopMs({ SHUTDOWN_GRACE_MS: env.SHUTDOWN_GRACE_MS })
  if (durationMs(service.stop_grace_period) <= grace) problems.push(`${name}'s stop_grace_period is not past SHUTDOWN_GRACE_MS and the forced close (${grace} ms)`)
  if (service.ports?.some((port) => !port.startsWith('127.0.0.1:')) === true) problems.push(`${name} is published beyond this machine`)
  if (service.read_only !== true) problems.push(`${name}'s root file system is writable`)
  // The container's environment: twimlets.env, then environment with .env's values filled in.
  const dotEnv = values(files.dotEnv)
  const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{([A-Z_]+)[^}]*\}/g, (_, n: string) => dotEnv[n] ?? '')]))
  const refused = refusal({ ...image, ...values(files.settings), ...filled })
  if (refused !== undefined) problems.push(`${name} would not start: ${refused}`)
  return problems
}

async function problemsOf (files: Files): Promise<string[]> {
  const { compose } = files
  const problems: string[] = []
  const replicas = replicasOf(compose)
  if (replicas.length < 2) problems.push(`${replicas.length} replica of the image`)
  for (const [name, service] of replicas) problems.push(...await replicaProblems(name, service, files))
  const outboxes = replicas.map(([, s]) => s.volumes?.[0]?.split(':')[0])
  if (new Set(outboxes).size !== outboxes.length) problems.push('replicas share an outbox volume')
  problems.push(...unknownSettings(envFileNames(files.settings), 'twimlets.env.example'))

  const redis = compose.services.redis
  const command = redis?.command?.join(' ') ?? ''
  if (!/(^| )--appendonly yes( |$)/.test(command)) problems.push('Redis runs without appendonly yes')
  if (!/ --requirepass \S/.test(command)) problems.push('Redis has no password')
  if (redis?.ports !== undefined) problems.push('Redis is published on the host')
  if (!redis?.volumes?.some((v) => v.endsWith(':/data'))) problems.push('Redis\'s /data is not on a volume')
  if (redis?.healthcheck === undefined) problems.push('Redis has no healthcheck')

  const caddy = compose.services.caddy
  const port = (await imageEnv()).PORT ?? '?'
  const upstreams = (caddy?.environment?.TWIMLETS_UPSTREAMS ?? '').split(' ').sort()
  if (JSON.stringify(upstreams) !== JSON.stringify(replicas.map(([name]) => `${name}:${port}`).sort())) problems.push(`Caddy's upstreams ${upstreams.join(' ')} are not the replicas`)
  for (const m of files.caddyfile.matchAll(/\{\$([A-Z_]+)[:}]/g)) {
    if (caddy?.environment?.[m[1] ?? ''] === undefined) problems.push(`the Caddyfile reads ${m[1] ?? ''}, which Compose does not give Caddy`)
  }
  for (const directive of [/^\s*lb_try_duration \d+m?s$/m, /^\s*health_uri \/readyz$/m]) {
    if (!directive.test(files.caddyfile)) problems.push(`the Caddyfile lacks ${directive.source}`)
  }

  const interpolated = new Set([...files.text.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1] ?? ''))
  const defined = new Set(envFileNames(files.dotEnv))
  for (const name of interpolated) if (!defined.has(name)) problems.push(`${COMPOSE} uses \${${name}}, which .env.example does not define`)
  for (const name of defined) if (!interpolated.has(name)) problems.push(`.env.example defines ${name}, which ${COMPOSE} does not use`)
  return problems
}

t.test('compose.yaml runs two replicas sharing Redis behind Caddy, as the service expects', async (t) => {
  const all = await files()
  t.ok(replicasOf(all.compose).length >= 2)
  t.same(await problemsOf(all), [])
})

/** The files with one change made to a copy. */
async function changed (change: (files: Files) => void): Promise<Files> {
  const copy = structuredClone(await files())
  change(copy)
  return copy
}

function replica (files: Files): Service {
  const service = files.compose.services['twimlets-1']
  if (service === undefined) throw new Error('no twimlets-1')
  return service
}

t.test('each check fails on a compose file that breaks it', async (t) => {
  const breaks: Array<[string, (files: Files) => void, RegExp]> = [
    ['a misspelt setting', (f) => { Object.assign(replica(f).environment ?? {}, { REDIS_ULR: 'redis://redis' }) }, /REDIS_ULR is not a setting/],
    ['a setting in the env example the service does not read', (f) => { f.settings += 'SMTP_HOST=mail\n' }, /twimlets.env.example: SMTP_HOST is not a setting/],
    ['a setting the service refuses', (f) => { f.settings += 'MAIL_FROM=nobody\n' }, /would not start: MAIL_FROM/],
    ['one replica', (f) => { delete f.compose.services['twimlets-2'] }, /1 replica/],
    ['a healthcheck on /healthz', (f) => { Object.assign(replica(f), { healthcheck: { test: ['CMD', 'curl', 'http://127.0.0.1:3000/healthz'] } }) }, /twimlets-1's healthcheck/],
    ['a stop grace period SHUTDOWN_GRACE_MS outlasts', (f) => { Object.assign(replica(f), { stop_grace_period: '10s' }) }, /stop_grace_period is not past/],
    ['a PUBLIC_URL Caddy does not serve', (f) => { Object.assign(replica(f).environment ?? {}, { PUBLIC_URL: 'http://localhost' }) }, /PUBLIC_URL is not https/],
    ['Redis without appendonly', (f) => { f.compose.services.redis?.command?.splice(1, 2) }, /without appendonly yes/],
    ['Redis published', (f) => { Object.assign(f.compose.services.redis ?? {}, { ports: ['6379:6379'] }) }, /Redis is published/],
    ['replicas sharing one outbox', (f) => { Object.assign(f.compose.services['twimlets-2'] ?? {}, { volumes: ['outbox-1:/app/outbox'] }) }, /share an outbox/],
    ['Caddy missing a replica', (f) => { Object.assign(f.compose.services.caddy?.environment ?? {}, { TWIMLETS_UPSTREAMS: 'twimlets-1:3000' }) }, /upstreams twimlets-1:3000 are not/],
    ['a Caddyfile without retries', (f) => { f.caddyfile = f.caddyfile.replace(/lb_try_duration/, '#') }, /lacks .*lb_try_duration/],
    ['a variable .env does not define', (f) => { f.text += '# $' + '{REDIS_PASS}\n' }, /uses \$\{REDIS_PASS\}/]
  ]
  for (const [what, change, problem] of breaks) {
    const found = await problemsOf(await changed(change))
    t.ok(found.some((p) => problem.test(p)), what, { found })
  }
})

t.test('Caddy reads the Caddyfile as load balancing over the replicas with health checks', { skip: existsSync(CADDY) ? false : `no ${CADDY}` }, async (t) => {
  const { compose } = await files()
  const env = { ...process.env, ...compose.services.caddy?.environment, TWIMLETS_DOMAIN: 'calls.example.com' }
  const { stdout } = await promisify(execFile)(CADDY, ['adapt', '--config', new URL('deploy/Caddyfile', ROOT).pathname, '--adapter', 'caddyfile'], { env })
  const proxy = /"handler":"reverse_proxy",(.*?)"upstreams":(\[[^\]]*\])/.exec(stdout)
  t.match(proxy?.[1], /"health_checks":\{"active":\{[^}]*"uri":"\/readyz"/)
  t.match(proxy?.[1], /"load_balancing":\{"try_duration":5000000000/)
  t.same(JSON.parse(proxy?.[2] ?? '[]'), replicasOf(compose).map(([name]) => ({ dial: `${name}:3000` })))
})

t.test('the replicas the READMEs name are the services of compose.yaml', async (t) => {
  const { compose } = await files()
  for (const file of ['README.md', 'deploy/README.md']) {
    const named = new Set([...(await readText(file)).matchAll(/\btwimlets-\d+\b/g)].map((m) => m[0]))
    t.ok(named.size >= 2, `${file} names the replicas`)
    t.same([...named].filter((name) => compose.services[name] === undefined), [], `${file} names no other`)
  }
})
