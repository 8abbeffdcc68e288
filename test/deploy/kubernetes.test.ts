import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { access, readdir } from 'node:fs/promises'
import { promisify } from 'node:util'
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1'
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2'
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1'
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1'
import type { IConfigMap, IContainer, IPodSpec, IProbe, ISecret, IService } from 'kubernetes-models/v1'
import t from 'tap'
import { parse, parseAllDocuments } from 'yaml'
import { twimlets } from '../../twimlets/index.js'
import { DEFAULTS } from '../../src/config.js'
import { testApp } from '../fixtures/app.js'
import { imageEnv, readText, readYaml, refusal, ROOT, stopMs, unknownSettings } from '../fixtures/deploy.js'
import { schemaProblems } from '../fixtures/kubernetes.js'

const DIR = 'deploy/kubernetes/'
/** Shipped beside the manifests but not applied: real secrets never go in the repository. */
const SECRET_EXAMPLE = 'secret.example.yaml'
const KUBECTL = '/usr/bin/kubectl'

interface Manifest { apiVersion?: string, kind?: string, metadata?: { name?: string }, file: string }

async function manifests (): Promise<Manifest[]> {
  const kustomization = parse(await readText(`${DIR}kustomization.yaml`)) as { resources: string[] }
  const all: Manifest[] = []
  for (const file of [...kustomization.resources, SECRET_EXAMPLE]) {
    for (const document of await readYaml(DIR + file)) all.push({ ...(document as object), file })
  }
  return all
}

function one<T> (all: Manifest[], kind: string, name?: string): T | undefined {
  return all.find((m) => m.kind === kind && (name === undefined || m.metadata?.name === name)) as T | undefined
}

/** A container's port as a probe or a Service names it: a number, or a port's name. */
function portOf (container: IContainer | undefined, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port
  return container?.ports?.find((p) => p.name === port)?.containerPort
}

function probeProblems (container: IContainer | undefined, probe: IProbe | undefined, name: string, path: string, port: number): string[] {
  const get = probe?.httpGet
  if (get === undefined) return [`the ${name} probe is not an HTTP GET`]
  const problems: string[] = []
  if (get.path !== path) problems.push(`the ${name} probe asks ${get.path ?? 'nothing'}, not ${path}`)
  if (portOf(container, get.port) !== port) problems.push(`the ${name} probe's port is not ${port}, where the service listens`)
  return problems
}

function labelsMatch (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v)
}

/** The service's container: its environment, probes, shutdown, privileges and resources. */
async function containerProblems (all: Manifest[], pod: IPodSpec | undefined): Promise<string[]> {
  const problems: string[] = []
  const container = pod?.containers.find((c) => c.name === 'twimlets')
  if (container === undefined) return ['the Deployment has no container twimlets']
  const sources = container.envFrom ?? []
  const configMaps = sources.filter((from) => from.configMapRef !== undefined).map((from) => one<IConfigMap>(all, 'ConfigMap', from.configMapRef?.name))
  const secrets = sources.filter((from) => from.secretRef !== undefined).map((from) => one<ISecret>(all, 'Secret', from.secretRef?.name))
  if ([...configMaps, ...secrets].some((m) => m === undefined)) problems.push('envFrom names a ConfigMap or Secret that is not in the manifests')
  const config = Object.assign({}, ...configMaps.map((m) => m?.data ?? {})) as Record<string, string>
  const secret = Object.assign({}, ...secrets.map((m) => m?.stringData ?? {})) as Record<string, string>
  const env = container.env ?? []
  // A variable only there to be written into another ($(NAME)) is no setting of its own.
  const written = new Set(env.flatMap((e) => [...(e.value ?? '').matchAll(/\$\(([A-Z0-9_]+)\)/g)].map((m) => m[1] ?? '')))
  problems.push(...unknownSettings(Object.keys(config), 'the ConfigMap'))
  problems.push(...unknownSettings(Object.keys(secret).filter((name) => !written.has(name)), 'the Secret'))
  problems.push(...unknownSettings(env.map((e) => e.name), 'the container\'s env'))
  for (const name of ['TWILIO_AUTH_TOKEN', 'SMTP_URL']) {
    if (secret[name] === undefined) problems.push(`${name} is not from the Secret`)
    if (config[name] !== undefined || env.some((e) => e.name === name)) problems.push(`${name}, a secret, is written in the manifests`)
  }
  const password = /^redis:\/\/[^:@/]*:\$\(([A-Z0-9_]+)\)@/.exec(env.find((e) => e.name === 'REDIS_URL')?.value ?? '')?.[1]
  if (secret[password ?? ''] === undefined) problems.push('REDIS_URL\'s password is not from the Secret')
  // The container's environment as the kubelet makes it: envFrom, then env with $(NAME) written in.
  const settings: Record<string, string> = { ...config, ...secret }
  for (const e of env) settings[e.name] = (e.value ?? '').replace(/\$\(([A-Z0-9_]+)\)/g, (_, name: string) => settings[name] ?? '')
  const refused = refusal(settings)
  if (refused !== undefined) problems.push(`the service would not start: ${refused}`)

  const image = await imageEnv()
  const port = Number(config.PORT ?? image.PORT)
  if (!container.ports?.some((p) => p.containerPort === port)) problems.push(`the container does not expose ${port}, the PORT the service listens on`)
  problems.push(...probeProblems(container, container.readinessProbe, 'readiness', '/readyz', port))
  problems.push(...probeProblems(container, container.livenessProbe, 'liveness', '/healthz', port))

  const pauseMs = (container.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000
  if (pauseMs === 0) problems.push('no preStop pause: the pod stops while endpoints still send it calls')
  const graceMs = (pod?.terminationGracePeriodSeconds ?? 30) * 1000
  const neededMs = pauseMs + await stopMs({ SHUTDOWN_GRACE_MS: config.SHUTDOWN_GRACE_MS })
  if (graceMs <= neededMs) problems.push(`terminationGracePeriodSeconds (${graceMs} ms) is not past the preStop pause and SHUTDOWN_GRACE_MS (${neededMs} ms)`)

  const context = { ...pod?.securityContext, ...container.securityContext }
  if (context.runAsNonRoot !== true || context.runAsUser === 0) problems.push('the container may run as root')
  if (container.securityContext?.readOnlyRootFilesystem !== true) problems.push('the root file system is writable')
  if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push('the container may gain privileges')
  for (const path of [config.OUTBOX_DIR ?? image.OUTBOX_DIR ?? '', '/tmp']) {
    const mount = container.volumeMounts?.find((m) => m.mountPath === path)
    const volume = pod?.volumes?.find((v) => v.name === mount?.name)
    if (volume?.emptyDir === undefined && volume?.persistentVolumeClaim === undefined) problems.push(`${path} is not on a writable volume`)
  }
  const { requests, limits } = container.resources ?? {}
  if (requests?.cpu === undefined || requests.memory === undefined || limits?.memory === undefined) problems.push('CPU and memory requests and a memory limit are not all set')
  return problems
}

async function deploymentProblems (all: Manifest[]): Promise<string[]> {
  const deployment = one<IDeployment>(all, 'Deployment', 'twimlets')
  if (deployment === undefined) return ['no Deployment twimlets']
  const problems: string[] = []
  const replicas = deployment.spec?.replicas ?? 1
  if (replicas < 2) problems.push(`${replicas} replica: a restart or a drained node drops calls`)
  const rolling = deployment.spec?.strategy?.rollingUpdate
  if (deployment.spec?.strategy?.type !== 'RollingUpdate' || rolling?.maxUnavailable !== 0) problems.push('a rolling update may go below the replicas (maxUnavailable is not 0)')
  const labels = deployment.spec?.template.metadata?.labels
  if (!labelsMatch(deployment.spec?.selector.matchLabels, labels)) problems.push('the Deployment\'s selector does not match its pods')
  problems.push(...await containerProblems(all, deployment.spec?.template.spec))

  const service = one<IService>(all, 'Service', 'twimlets')
  const container = deployment.spec?.template.spec?.containers[0]
  if (!labelsMatch(service?.spec?.selector, labels)) problems.push('the Service does not select the pods')
  if (service?.spec?.ports?.some((p) => portOf(container, p.targetPort) === undefined) !== false) problems.push('the Service\'s targetPort is not the container\'s')

  const budget = one<IPodDisruptionBudget>(all, 'PodDisruptionBudget')
  const hpa = one<IHorizontalPodAutoscaler>(all, 'HorizontalPodAutoscaler')
  const minReplicas = hpa?.spec?.minReplicas ?? 1
  if (!labelsMatch(budget?.spec?.selector?.matchLabels, labels)) problems.push('the PodDisruptionBudget does not select the pods')
  // Either bound, as a number of pods: at least one is drained and one kept, of the fewest replicas.
  const bounds = Object.entries({ minAvailable: budget?.spec?.minAvailable, maxUnavailable: budget?.spec?.maxUnavailable }).filter(([, v]) => v !== undefined)
  const [bound, value] = bounds[0] ?? ['no bound', undefined]
  if (bounds.length !== 1 || typeof value !== 'number' || value < 1 || value >= Math.min(replicas, minReplicas)) {
    problems.push(`the PodDisruptionBudget's ${bound} (${String(value)}) must let one pod be drained and keep one`)
  }
  if (hpa?.spec?.scaleTargetRef.kind !== 'Deployment' || hpa.spec.scaleTargetRef.name !== deployment.metadata?.name) problems.push('the HorizontalPodAutoscaler scales something else')
  if (minReplicas < 2 || minReplicas > replicas) problems.push(`the HorizontalPodAutoscaler's minReplicas (${minReplicas}) is not 2 to the Deployment's replicas`)
  return problems
}

function redisProblems (all: Manifest[]): string[] {
  const set = one<IStatefulSet>(all, 'StatefulSet')
  if (set === undefined) return ['no Redis StatefulSet']
  const problems: string[] = []
  const container = set.spec?.template.spec?.containers[0]
  const args = [...(container?.command ?? []), ...(container?.args ?? [])].join(' ')
  if (!/(^| )--appendonly yes( |$)/.test(args)) problems.push('Redis runs without appendonly yes: a restart loses the outbox')
  const password = /(?:^| )--requirepass \$\(([A-Z_]+)\)(?: |$)/.exec(args)?.[1]
  const key = container?.env?.find((e) => e.name === password)?.valueFrom?.secretKeyRef?.key
  const deployment = one<IDeployment>(all, 'Deployment', 'twimlets')
  const url = deployment?.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'REDIS_URL')?.value ?? ''
  if (key === undefined || !url.includes(`:$(${key})@`)) problems.push('Redis\'s password is not the one REDIS_URL is given')
  const claim = set.spec?.volumeClaimTemplates?.[0]?.metadata?.name
  if (claim === undefined || !container?.volumeMounts?.some((m) => m.name === claim && m.mountPath === '/data')) problems.push('Redis\'s /data is not on a persistent volume claim')
  const headless = one<IService>(all, 'Service', set.spec?.serviceName)
  if (headless?.spec?.clusterIP !== 'None' || !labelsMatch(headless.spec.selector, set.spec?.template.metadata?.labels)) problems.push('the StatefulSet\'s serviceName is not a headless Service selecting it')
  const host = `${set.metadata?.name ?? '?'}-0.${set.spec?.serviceName ?? '?'}:${String(portOf(container, 'redis'))}`
  if (!url.includes(`@${host}/`)) problems.push(`REDIS_URL does not name ${host}`)
  return problems
}

function ingressProblems (all: Manifest[]): string[] {
  const ingress = one<IIngress>(all, 'Ingress')
  const paths = ingress?.spec?.rules?.flatMap((rule) => rule.http?.paths ?? []) ?? []
  const served = paths.map((p) => p.path).sort()
  const names = twimlets.map((twimlet) => `/${twimlet.name}`).sort()
  const problems: string[] = []
  if (JSON.stringify(served) !== JSON.stringify(names)) problems.push(`the Ingress passes ${served.join(' ')}, not exactly the twimlets' paths`)
  if (paths.some((p) => p.backend.service?.name !== 'twimlets')) problems.push('the Ingress sends a path elsewhere than the Service twimlets')
  return problems
}

async function problemsOf (all: Manifest[]): Promise<string[]> {
  const schema = all.flatMap((m) => schemaProblems({ ...m, file: undefined }).map((p) => `${m.file} ${m.kind ?? '?'}: ${p}`))
  return [...schema, ...await deploymentProblems(all), ...redisProblems(all), ...ingressProblems(all)]
}

t.test('the manifests are valid Kubernetes objects that run the service as the service expects', async (t) => {
  const all = await manifests()
  t.ok(all.length >= 10, `every manifest is read (${all.length})`)
  t.same(await problemsOf(all), [])
})

t.test('kustomization.yaml lists every manifest of the folder, and each exists', async (t) => {
  const kustomization = parse(await readText(`${DIR}kustomization.yaml`)) as { resources: string[], images: Array<{ name: string }> }
  const files = (await readdir(new URL(DIR, ROOT))).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
  t.same([...kustomization.resources].sort(), files.filter((name) => name !== SECRET_EXAMPLE).sort())
  for (const file of kustomization.resources) await t.resolves(access(new URL(DIR + file, ROOT)), file)
  const deployment = one<IDeployment>(await manifests(), 'Deployment')
  t.same(kustomization.images.map((i) => i.name), deployment?.spec?.template.spec?.containers.map((c) => c.image), 'the image is set in one place')
})

/** The manifests with one change made to a copy. */
async function changed (change: (all: Manifest[]) => void): Promise<Manifest[]> {
  const all = structuredClone(await manifests())
  change(all)
  return all
}

function twimletsContainer (all: Manifest[]): IContainer {
  const container = one<IDeployment>(all, 'Deployment')?.spec?.template.spec?.containers[0]
  if (container === undefined) throw new Error('no container')
  return container
}

t.test('each check fails on a manifest that breaks it', async (t) => {
  const breaks: Array<[string, (all: Manifest[]) => void, RegExp]> = [
    ['a misspelt setting', (all) => { Object.assign(one<IConfigMap>(all, 'ConfigMap')?.data ?? {}, { SHUTDOWN_GRACE: '10000' }) }, /the ConfigMap: SHUTDOWN_GRACE is not a setting/],
    ['an env name the service does not read', (all) => { twimletsContainer(all).env?.push({ name: 'REDIS_HOST', value: 'redis' }) }, /env: REDIS_HOST is not a setting/],
    ['a setting the service refuses', (all) => { Object.assign(one<IConfigMap>(all, 'ConfigMap')?.data ?? {}, { TRUST_PROXY: 'yes' }) }, /would not start: TRUST_PROXY/],
    ['a misspelt field', (all) => { Object.assign(twimletsContainer(all), { readinesProbe: {} }) }, /containers\/0\/readinesProbe is not a field/],
    ['a field of the wrong type', (all) => { Object.assign(twimletsContainer(all).ports?.[0] ?? {}, { containerPort: '3000' }) }, /containerPort must be integer/],
    ['an unknown kind', (all) => { all.push({ apiVersion: 'v1', kind: 'Pods', file: 'x.yaml' }) }, /Pods is not a kind/],
    ['one replica', (all) => { Object.assign(one<IDeployment>(all, 'Deployment')?.spec ?? {}, { replicas: 1 }) }, /1 replica/],
    ['a rolling update that stops a pod first', (all) => { Object.assign(one<IDeployment>(all, 'Deployment')?.spec?.strategy?.rollingUpdate ?? {}, { maxUnavailable: 1 }) }, /maxUnavailable is not 0/],
    ['readiness on the wrong path', (all) => { Object.assign(twimletsContainer(all).readinessProbe?.httpGet ?? {}, { path: '/ready' }) }, /readiness probe asks \/ready,/],
    ['liveness on the wrong port', (all) => { Object.assign(twimletsContainer(all).livenessProbe?.httpGet ?? {}, { port: 8080 }) }, /liveness probe's port is not 3000/],
    ['a PORT the probes do not follow', (all) => { Object.assign(one<IConfigMap>(all, 'ConfigMap')?.data ?? {}, { PORT: '8080' }) }, /does not expose 8080/],
    ['a grace period SHUTDOWN_GRACE_MS outlasts', (all) => { Object.assign(one<IConfigMap>(all, 'ConfigMap')?.data ?? {}, { SHUTDOWN_GRACE_MS: '30000' }) }, /terminationGracePeriodSeconds \(25000 ms\) is not past/],
    ['no preStop pause', (all) => { delete twimletsContainer(all).lifecycle }, /no preStop pause/],
    ['root', (all) => { Object.assign(twimletsContainer(all).securityContext ?? {}, { runAsNonRoot: false }) }, /may run as root/],
    ['a writable root file system', (all) => { Object.assign(twimletsContainer(all).securityContext ?? {}, { readOnlyRootFilesystem: false }) }, /root file system is writable/],
    ['an outbox on the read-only root', (all) => { twimletsContainer(all).volumeMounts?.shift() }, /\/app\/outbox is not on a writable volume/],
    ['no memory limit', (all) => { delete twimletsContainer(all).resources?.limits }, /a memory limit are not all set/],
    ['the auth token in the ConfigMap', (all) => { Object.assign(one<IConfigMap>(all, 'ConfigMap')?.data ?? {}, { TWILIO_AUTH_TOKEN: 'x' }) }, /TWILIO_AUTH_TOKEN, a secret, is written/],
    ['a misspelt key of the Secret', (all) => { Object.assign(one<ISecret>(all, 'Secret')?.stringData ?? {}, { SMTP_URI: 'x' }) }, /the Secret: SMTP_URI is not a setting/],
    ['REDIS_URL with a password of its own', (all) => { Object.assign(twimletsContainer(all).env?.[0] ?? {}, { value: 'redis://default:pw@twimlets-redis-0.twimlets-redis:6379/0' }) }, /REDIS_URL's password is not from the Secret/],
    ['a budget that blocks every drain', (all) => { Object.assign(one<IPodDisruptionBudget>(all, 'PodDisruptionBudget')?.spec ?? {}, { minAvailable: 2, maxUnavailable: undefined }) }, /minAvailable \(2\)/],
    ['a budget that lets every pod go', (all) => { Object.assign(one<IPodDisruptionBudget>(all, 'PodDisruptionBudget')?.spec ?? {}, { maxUnavailable: 2 }) }, /maxUnavailable \(2\)/],
    ['a budget with both bounds', (all) => { Object.assign(one<IPodDisruptionBudget>(all, 'PodDisruptionBudget')?.spec ?? {}, { minAvailable: 1 }) }, /PodDisruptionBudget's minAvailable \(1\) must/],
    ['an autoscaler that goes down to one', (all) => { Object.assign(one<IHorizontalPodAutoscaler>(all, 'HorizontalPodAutoscaler')?.spec ?? {}, { minReplicas: 1 }) }, /minReplicas \(1\)/],
    ['Redis with a password of its own', (all) => { Object.assign(one<IStatefulSet>(all, 'StatefulSet')?.spec?.template.spec?.containers[0]?.env?.[0]?.valueFrom?.secretKeyRef ?? {}, { key: 'OTHER' }) }, /Redis's password is not the one/],
    ['Redis without appendonly', (all) => { Object.assign(one<IStatefulSet>(all, 'StatefulSet')?.spec?.template.spec?.containers[0] ?? {}, { args: ['--appendonly', 'no', '--requirepass', '$(REDISCLI_AUTH)'] }) }, /without appendonly yes/],
    ['an Ingress that passes the builder page', (all) => { one<IIngress>(all, 'Ingress')?.spec?.rules?.[0]?.http?.paths.push({ path: '/api', pathType: 'Prefix', backend: { service: { name: 'twimlets' } } }) }, /not exactly the twimlets' paths/]
  ]
  for (const [what, change, problem] of breaks) {
    const found = await problemsOf(await changed(change))
    t.ok(found.some((p) => problem.test(p)), what, { found })
  }
})

t.test('the probes ask what the service answers', async (t) => {
  const app = await testApp(t)
  const container = one<IDeployment>(await manifests(), 'Deployment')?.spec?.template.spec?.containers[0]
  for (const probe of [container?.readinessProbe, container?.livenessProbe]) {
    const response = await app.inject({ method: 'GET', url: probe?.httpGet?.path ?? '?' })
    t.equal(response.statusCode, 200, probe?.httpGet?.path ?? 'a probe')
  }
})

t.test('kustomize builds the manifests into the namespace, with the image named in kustomization.yaml', { skip: existsSync(KUBECTL) ? false : `no ${KUBECTL}` }, async (t) => {
  const { stdout } = await promisify(execFile)(KUBECTL, ['kustomize', new URL(DIR, ROOT).pathname])
  const built = parseAllDocuments(stdout).map((document) => document.toJS() as Manifest & { metadata: { namespace?: string } })
  const applied = (await manifests()).filter((m) => m.file !== SECRET_EXAMPLE)
  t.same(built.map((m) => `${m.kind ?? '?'}/${m.metadata.name ?? '?'}`).sort(), applied.map((m) => `${m.kind ?? '?'}/${m.metadata?.name ?? '?'}`).sort())
  t.same(built.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== 'twimlets').map((m) => m.kind), [], 'every object is in the namespace twimlets')
  const kustomization = parse(await readText(`${DIR}kustomization.yaml`)) as { images: Array<{ newName: string, newTag: string }> }
  const image = kustomization.images[0]
  t.equal(one<IDeployment>(built, 'Deployment')?.spec?.template.spec?.containers[0]?.image, `${image?.newName ?? '?'}:${image?.newTag ?? '?'}`)
})

/** A memory quantity in MiB: `320Mi`, `1Gi`. */
function mebibytes (quantity: string | number | undefined): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(String(quantity))
  return m === null ? NaN : Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1)
}

t.test('the memory request and limit follow the peaks measured and written beside them', async (t) => {
  const peaks = [...(await readText(`${DIR}deployment.yaml`)).matchAll(/peak RSS (\d+) MiB/g)].map((m) => Number(m[1]))
  t.equal(peaks.length, 2, 'both load scenarios are written down')
  const resources = one<IDeployment>(await manifests(), 'Deployment')?.spec?.template.spec?.containers[0]?.resources
  const cache = DEFAULTS.holdmusicCacheBytes / 1024 / 1024
  t.ok(mebibytes(resources?.requests?.memory) >= Math.min(...peaks), 'the request holds a replica answering calls')
  t.ok(mebibytes(resources?.limits?.memory) >= Math.max(...peaks) + cache, 'the limit holds the flood and a full hold-music cache')
  t.notOk(mebibytes('300M') >= 0, 'a quantity in other units is not read as MiB')
})
