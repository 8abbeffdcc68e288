import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/**
 * Summarizes a V8 .cpuprofile (from `BENCH_PROFILE_DIR=dir npm run bench` or `node --cpu-prof`):
 * where the time goes by package or project file, the functions with most self time, and the
 * project's functions with their callees included.
 *
 *   node dist/bench/profile.js bench/raw/CPU.*.cpuprofile [top]
 */
interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface Line {
  name: string
  ms: number
  share: number
}

export interface Summary {
  /** Time the process was running, idle left out: every share is of this. */
  busyMs: number
  idleMs: number
  byCost: Line[]
  byPlace: Line[]
  bySelf: Line[]
  byInclusive: Line[]
}

/** Where a function lives: a package, a project file, Node itself, or V8's own bookkeeping. */
export function placeOf (frame: CallFrame): string {
  const { url, functionName } = frame
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`
  const packages = url.lastIndexOf('/node_modules/')
  if (packages !== -1) {
    const parts = url.slice(packages + '/node_modules/'.length).split('/')
    return (parts[0] ?? '').startsWith('@') ? `${parts[0] ?? ''}/${parts[1] ?? ''}` : parts[0] ?? url
  }
  if (url.startsWith('node:')) return url
  const project = /\/dist\/((?:src|twimlets|bench)\/.*)$/.exec(url)
  return project === null ? url : project[1] ?? url
}

/** What a request's time is spent on, by package or file, as the lead asked to see it. */
const COSTS: ReadonlyArray<[RegExp, string]> = [
  [/^(pino|sonic-boom|thread-stream|pino-std-serializers|fast-redact|quick-format-unescaped|on-exit-leak-free)$/, 'logging (pino)'],
  [/^(xmlbuilder2|@oozcitak\/.*)$/, 'XML building (xmlbuilder2)'],
  [/^src\/(metrics|prometheus)\.js$/, 'metrics (src/observability/metrics.ts, src/observability/prometheus.ts)'],
  [/^libphonenumber-js$/, 'phone number checks (libphonenumber-js)'],
  [/^src\/params\.js$/, 'Params (src/params/params.ts)'],
  [/^node:(internal\/url|url|querystring)$/, 'URL, URLSearchParams, querystring (Node)'],
  [/^(fastify|find-my-way|avvio|@fastify\/.*|fast-querystring|fast-json-stringify|light-my-request|fast-content-type-parse|toad-cache|process-warning|abstract-logging|rfdc|fast-decode-uri-component)$/, 'fastify and its plugins'],
  [/^node:(_http_\w+|net|internal\/stream_base_commons|internal\/streams\/.*|internal\/http|internal\/timers|timers|internal\/process\/task_queues)$/, 'Node HTTP, sockets, streams, timers'],
  [/^(src|twimlets)\//, 'the project\'s own code (other files)'],
  [/^\(garbage collector\)$/, 'garbage collection'],
  [/^\(program\)$/, 'V8 and native, unattributed']
]

/** The cost a function's time counts toward: that of the innermost frame on its stack that has one. */
function costOf (frame: CallFrame): string | undefined {
  const place = placeOf(frame)
  return COSTS.find(([re]) => re.test(place))?.[1]
}

function label (frame: CallFrame): string {
  return `${frame.functionName === '' ? '(anonymous)' : frame.functionName} ${placeOf(frame)}:${frame.lineNumber + 1}`
}

function sorted (totals: Map<string, number>, totalMs: number, top: number): Line[] {
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms, share: ms / totalMs }))
}

function add (totals: Map<string, number>, key: string, ms: number): void {
  if (ms > 0) totals.set(key, (totals.get(key) ?? 0) + ms)
}

export function summarize (profile: CpuProfile, top = 25): Summary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<number, number>()
  let totalMs = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    self.set(id, (self.get(id) ?? 0) + ms)
    totalMs += ms
  })
  const idleMs = [...profile.nodes].filter((node) => node.callFrame.functionName === '(idle)').reduce((sum, node) => sum + (self.get(node.id) ?? 0), 0)
  const busyMs = totalMs - idleMs
  const byCost = new Map<string, number>()
  const byPlace = new Map<string, number>()
  const bySelf = new Map<string, number>()
  const byInclusive = new Map<string, number>()
  // Inclusive time counts a function once per stack, however deeply it recurses.
  const walk = (id: number, onStack: Set<string>, inherited: string): number => {
    const node = byId.get(id)
    if (node === undefined) return 0
    const ms = self.get(id) ?? 0
    const name = label(node.callFrame)
    const cost = costOf(node.callFrame) ?? inherited
    if (node.callFrame.functionName !== '(idle)') {
      add(byCost, cost, ms)
      add(byPlace, placeOf(node.callFrame), ms)
      add(bySelf, name, ms)
    }
    const outer = onStack.has(name)
    if (!outer) onStack.add(name)
    let total = ms
    for (const child of node.children ?? []) total += walk(child, onStack, cost)
    if (!outer) {
      onStack.delete(name)
      if (/^(src|twimlets)\//.test(placeOf(node.callFrame))) add(byInclusive, name, total)
    }
    return total
  }
  const root = profile.nodes[0]
  if (root !== undefined) walk(root.id, new Set(), 'other')
  return {
    busyMs,
    idleMs,
    byCost: sorted(byCost, busyMs, top),
    byPlace: sorted(byPlace, busyMs, top),
    bySelf: sorted(bySelf, busyMs, top),
    byInclusive: sorted(byInclusive, busyMs, top)
  }
}

function table (title: string, lines: readonly Line[]): string {
  const rows = lines.map((line) => `| ${line.name.replaceAll('|', '\\|')} | ${line.ms.toFixed(0)} | ${(line.share * 100).toFixed(1)}% |`)
  return [`### ${title}`, '', '| where | ms | share |', '| --- | ---: | ---: |', ...rows, ''].join('\n')
}

export function renderSummary (summary: Summary): string {
  return [
    `Profile: ${(summary.busyMs / 1000).toFixed(1)} s busy (shares below are of this), ${(summary.idleMs / 1000).toFixed(1)} s idle.`,
    '',
    table('Busy time by what it was spent on (innermost known package on the stack)', summary.byCost),
    table('Self time by package or project file', summary.byPlace),
    table('Functions with most self time', summary.bySelf),
    table('Project functions, callees included', summary.byInclusive)
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top] = process.argv.slice(2)
  if (file === undefined) {
    process.stderr.write('usage: node dist/bench/profile.js FILE.cpuprofile [top]\n')
    process.exit(2)
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  process.stdout.write(renderSummary(summarize(profile, top === undefined ? 25 : Number(top))))
}
