import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { slowClients, type SlowClient } from './slow-clients.js'

/**
 * The floods of issue 14 beside real traffic: forged recording callbacks (each waiting for a
 * transcript, so each would hold a letter in the outbox), and slow clients that send headers
 * and trickle a body, reopened as the server cuts them. Meanwhile real calls come at a steady
 * rate: a forward, and a voicemail recorded. Reports whether every real call was answered and
 * every real voicemail stored.
 */
export interface FloodOptions {
  /** The server, http://host:port. */
  url: string
  /** Its OUTBOX_DIR, to find the real voicemails in (file mode: queue/ and mail/). */
  outboxDir: string
  seconds: number
  slowClients: number
  forgedPerSecond: number
  realPerSecond: number
  /** How long real voicemails may take to be stored after the run. */
  settleMs?: number
}

export interface FloodReport {
  seconds: number
  realCalls: { sent: number, answered: number }
  realVoicemails: { sent: number, answered: number, stored: number }
  forged: { sent: number, statuses: Record<string, number> }
  slow: { opened: number, cutByServer: number }
  healthz: { asked: number, answered: number }
  /** The slowest real answer, ms. */
  slowestRealMs: number
  ok: boolean
}

/**
 * Real voicemail goes to the owners of ten lines, each message from a caller of its own; the
 * flood is aimed at another address, from the forger's own number (a quota per recipient and
 * per calling number is what keeps it from the others).
 */
const owner = (n: number): string => `owner${n % 10}@example.com`
const realCaller = (n: number): string => `+1510555${String(n % 10_000).padStart(4, '0')}`
const FORGER = '+15550100999'
const FLOODED = 'flooded@example.com'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const CALL = 'AccountSid=AC0&To=%2B14155550100&CallStatus=completed&ApiVersion=2010-04-01'
/** The forgers' requests in flight at most: past it they skip a beat rather than queue in this process. */
const FORGED_IN_FLIGHT = 256
/** A byte a second from each slow client: slow enough, and light on this process. */
const TRICKLE = { everyMs: 1000 }

function recording (sid: string): string {
  return `RecordingUrl=${encodeURIComponent(`https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/${sid}`)}&RecordingSid=${sid}&RecordingDuration=7`
}

const pad = (n: number): string => String(n).padStart(30, '0')
/** A real voicemail's recording; the forged ones are RF…. */
const REAL_RECORDING = /RE\d{30}/g

async function answered (response: Promise<Response>, expect: RegExp): Promise<boolean> {
  try {
    const res = await response
    return res.status === 200 && expect.test(await res.text())
  } catch {
    return false
  }
}

/** The real recordings (RE…) named by letters in the outbox's queue and in the written .eml files, each once. */
export async function storedRecordings (outboxDir: string): Promise<Set<string>> {
  const found = new Set<string>()
  for (const folder of ['queue', 'mail']) {
    const names = await readdir(join(outboxDir, folder)).catch(() => [])
    for (const name of names) {
      if (!name.endsWith('.json') && !name.endsWith('.eml')) continue
      // Quoted-printable lines of an .eml are wrapped with soft breaks (=CRLF), which may fall inside a sid.
      const text = (await readFile(join(outboxDir, folder, name), 'utf8').catch(() => '')).replace(/=\r?\n/g, '')
      for (const [sid] of text.matchAll(REAL_RECORDING)) found.add(sid)
    }
  }
  return found
}

export async function flood (options: FloodOptions): Promise<FloodReport> {
  const { url } = options
  const report: FloodReport = {
    seconds: options.seconds,
    realCalls: { sent: 0, answered: 0 },
    realVoicemails: { sent: 0, answered: 0, stored: 0 },
    forged: { sent: 0, statuses: {} },
    slow: { opened: 0, cutByServer: 0 },
    healthz: { asked: 0, answered: 0 },
    slowestRealMs: 0,
    ok: false
  }
  const until = Date.now() + options.seconds * 1000
  const running = (): boolean => Date.now() < until
  const pending: Array<Promise<unknown>> = []

  // Slow clients, kept at their number: one cut by the server is replaced.
  const open = new Set<SlowClient>()
  const keep = async (client: SlowClient): Promise<void> => {
    open.add(client)
    report.slow.opened++
    await client.closed
    open.delete(client)
    if (!running()) return
    report.slow.cutByServer++
    await new Promise((resolve) => setTimeout(resolve, 50))
    const [next] = await slowClients(url, 1, TRICKLE)
    if (next !== undefined) await keep(next)
  }
  const slow = (await slowClients(url, options.slowClients, TRICKLE)).map(keep)

  let forgedInFlight = 0
  const forge = setInterval(() => {
    for (let i = 0; i < options.forgedPerSecond / 20 && forgedInFlight < FORGED_IN_FLIGHT; i++) {
      const n = report.forged.sent++
      forgedInFlight++
      pending.push(fetch(`${url}/voicemail?Email=${encodeURIComponent(FLOODED)}`, { method: 'POST', headers: FORM, body: `${CALL}&From=${encodeURIComponent(FORGER)}&CallSid=CF${pad(n)}&${recording(`RF${pad(n)}`)}` })
        .then(async (res) => { await res.arrayBuffer(); return String(res.status) }, () => 'error')
        .then((status) => { report.forged.statuses[status] = (report.forged.statuses[status] ?? 0) + 1; forgedInFlight-- }))
    }
  }, 50)

  const real = setInterval(() => {
    const n = report.realCalls.sent++
    const started = Date.now()
    const call = answered(fetch(`${url}/forward?PhoneNumber=%2B14155551001`, { method: 'POST', headers: FORM, body: `${CALL}&From=${encodeURIComponent(realCaller(n))}&CallSid=CA${pad(n)}` }), /<Dial[ >]/)
    report.realVoicemails.sent++
    const voicemail = answered(fetch(`${url}/voicemail?Email=${encodeURIComponent(owner(n))}&Transcribe=false`, { method: 'POST', headers: FORM, body: `${CALL}&From=${encodeURIComponent(realCaller(n))}&CallSid=CV${pad(n)}&${recording(`RE${pad(n)}`)}` }), /<Response>/)
    pending.push(Promise.all([call, voicemail]).then(([dialled, recorded]) => {
      if (dialled) report.realCalls.answered++
      if (recorded) report.realVoicemails.answered++
      report.slowestRealMs = Math.max(report.slowestRealMs, Date.now() - started)
    }))
  }, 1000 / options.realPerSecond)

  const probe = setInterval(() => {
    report.healthz.asked++
    pending.push(answered(fetch(`${url}/healthz`), /ok/).then((ok) => { if (ok) report.healthz.answered++ }))
  }, 1000)

  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000))
  clearInterval(forge)
  clearInterval(real)
  clearInterval(probe)
  for (const client of open) client.socket.destroy()
  await Promise.all([...slow, ...pending])

  const settleBy = Date.now() + (options.settleMs ?? 10_000)
  do {
    report.realVoicemails.stored = (await storedRecordings(options.outboxDir)).size
    if (report.realVoicemails.stored >= report.realVoicemails.sent) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  } while (Date.now() < settleBy)
  report.ok = report.realCalls.answered === report.realCalls.sent &&
    report.realVoicemails.answered === report.realVoicemails.sent &&
    report.realVoicemails.stored === report.realVoicemails.sent &&
    report.healthz.answered === report.healthz.asked
  return report
}
