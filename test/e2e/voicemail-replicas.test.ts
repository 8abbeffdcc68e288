import t, { type Test } from 'tap'
import { CALL, resolve } from '../fixtures/app.js'
import { builtService } from '../fixtures/built.js'
import { untilServing } from '../fixtures/haproxy.js'
import { startRedis } from '../fixtures/redis.js'
import { startReplicas, type Replica } from '../fixtures/replicas.js'
import { mailbox, sleep, type Mailbox, type Received } from '../fixtures/smtp.js'
import { socketOwner } from '../fixtures/sockets.js'
import { find, parseTwiml } from '../fixtures/twiml.js'

/**
 * Voicemail on two replicas of the built service sharing one real Redis (REDIS_URL), behind
 * HAProxy, mailing a real SMTP server: a message's callbacks may land on either replica, be
 * retried at both, or outlive the replica that took them, and its owner still gets exactly one
 * e-mail. Without REDIS_URL, the same calls make two.
 */

// Several waits past VOICEMAIL_TRANSCRIPT_WAIT_MS, a replica killed and its letter taken over.
t.setTimeout(480_000)

const WAIT_MS = 3000
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const THANKS = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Thanks. Good bye.</Say><Hangup/></Response>'
const LATE = `The transcription had not arrived ${WAIT_MS / 1000} seconds after the message was left.`

const { script } = await builtService(t)
const sets: Replica[][] = []
/** The replica (of any set) whose process holds the SMTP client's socket. */
async function identify (clientPort: number): Promise<string | undefined> {
  const running = sets.flat().filter((replica) => replica.pid !== undefined)
  const pid = await socketOwner(clientPort, running.map((replica) => replica.pid as number))
  return running.find((replica) => replica.pid === pid)?.name
}
const box = await mailbox(t, { identify })
const redis = await startRedis(t, { appendOnly: true })
const MAIL = {
  SMTP_URL: box.url,
  MAIL_FROM: 'voicemail@example.com',
  VOICEMAIL_ALLOWED_RECIPIENTS: '@example.com',
  VOICEMAIL_TRANSCRIPT_WAIT_MS: String(WAIT_MS),
  MAIL_RETRY_MIN_MS: '200',
  MAIL_RETRY_MAX_MS: '1000'
}
const shared = await startReplicas(t, { script, env: { ...MAIL, REDIS_URL: redis.url } })
sets.push(shared.replicas)
const [a, b] = shared.replicas as [Replica, Replica]

// A failing test shows what the replicas and Redis said meanwhile (REPLICAS_WHOLE_LOG=1: since they started).
const logged = new Map<Replica, number>()
t.beforeEach(() => { if (process.env.REPLICAS_WHOLE_LOG === undefined) for (const replica of sets.flat()) logged.set(replica, replica.output().length) })
t.afterEach((t) => {
  if (t.passing()) return
  for (const replica of sets.flat()) {
    const lines = replica.output().slice(logged.get(replica) ?? 0).split('\n').filter((line) => !line.includes('"msg":"request"'))
    t.comment(`replica ${replica.name}:\n${lines.slice(-40).join('\n')}`)
  }
  t.comment(`redis:\n${redis.output().slice(-2000)}`)
})

interface Answer { status: number, body: string, replica: string | null, ms: number }

async function post (base: string, path: string, form: Record<string, string>): Promise<Answer> {
  const started = Date.now()
  const res = await fetch(new URL(path, base), { method: 'POST', headers: FORM, body: new URLSearchParams(form), signal: AbortSignal.timeout(20_000) })
  return { status: res.status, body: await res.text(), replica: res.headers.get('x-replica'), ms: Date.now() - started }
}

/** A caller leaving message `n` for `owner`: the greeting through the load balancer, and Twilio's callbacks. */
class Message {
  readonly email: string
  readonly recordingUrl: string
  action = ''
  transcribeCallback: string | undefined
  #call: Record<string, string>

  constructor (readonly n: number, readonly transcribe = true) {
    this.email = `owner${n}@example.com`
    const sid = `RE${String(n).padStart(32, '0')}`
    // Each from a caller of its own, as real messages are: VOICEMAIL_CALLER_QUOTA counts per caller.
    const caller = `+1510555${String(2000 + n)}`
    this.#call = { ...CALL, CallSid: `CA${String(n).padStart(32, '0')}`, From: caller, Caller: caller }
    this.recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${CALL.AccountSid}/Recordings/${sid}`
  }

  async greeting (base: string): Promise<Answer> {
    const query = new URLSearchParams({ Email: this.email })
    if (!this.transcribe) query.set('Transcribe', 'false')
    const path = `/voicemail?${query.toString()}`
    const answer = await post(base, path, this.#call)
    const record = find(parseTwiml(answer.body, true), 'Record')
    if (record?.attrs.action === undefined) throw new Error(`no <Record action> in ${answer.body}`)
    this.action = resolve(path, record.attrs.action)
    this.transcribeCallback = record.attrs.transcribeCallback === undefined ? undefined : resolve(path, record.attrs.transcribeCallback)
    return answer
  }

  /** <Record>'s action: what the caller hears once the message is recorded. */
  async recording (base: string): Promise<Answer> {
    return await post(base, this.action, this.#recordingForm())
  }

  async transcription (base: string, text: string): Promise<Answer> {
    if (this.transcribeCallback === undefined) throw new Error('this greeting asked for no transcription')
    const { RecordingDuration, ...form } = this.#recordingForm()
    void RecordingDuration
    return await post(base, this.transcribeCallback, {
      ...form, TranscriptionSid: `TR${String(this.n).padStart(32, '0')}`, TranscriptionStatus: 'completed', TranscriptionText: text
    })
  }

  mails (mailbox: Mailbox = box): Received[] {
    return mailbox.to(this.email)
  }

  #recordingForm (): Record<string, string> {
    return { ...this.#call, RecordingSid: this.recordingUrl.slice(-34), RecordingUrl: this.recordingUrl, RecordingDuration: '14' }
  }
}

let serial = 0
async function message (transcribe = true): Promise<Message> {
  const m = new Message(++serial, transcribe)
  const greeting = await m.greeting(shared.balancer.url)
  if (greeting.status !== 200) throw new Error(`greeting: ${greeting.status} ${greeting.body}`)
  return m
}

/** Resolves with its e-mails once `count` arrived; rejects after `timeoutMs`. */
async function mailsOf (m: Message, count: number, timeoutMs: number): Promise<Received[]> {
  const deadline = Date.now() + timeoutMs
  while (m.mails().length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} e-mails to ${m.email}, got ${m.mails().length} within ${timeoutMs} ms`)
    await sleep(20)
  }
  return m.mails()
}

/** Long enough for a second e-mail to come, if one would: past the wait and several retries. */
async function pastRetries (): Promise<void> {
  await sleep(WAIT_MS + 2000)
}

function heard (t: Test, answer: Answer, what: string): void {
  t.equal(answer.status, 200, `${what}: answered`)
  t.equal(answer.body, THANKS, `${what}: the caller hears the thanks`)
}

t.test('control, without REDIS_URL: recording at one replica, transcription at the other, two e-mails', async (t) => {
  const alone = await startReplicas(t, { script, env: MAIL, names: ['c', 'd'] })
  sets.push(alone.replicas)
  const [c, d] = alone.replicas as [Replica, Replica]
  const m = new Message(++serial)
  await m.greeting(alone.balancer.url)
  heard(t, await m.recording(c.url), 'the recording at c')
  t.equal((await m.transcription(d.url, 'Call me back.')).status, 200, 'the transcription at d')
  await mailsOf(m, 2, WAIT_MS + 10_000)
  t.equal(m.mails().length, 2, 'two e-mails: the one at d with the transcript, the one at c without, after the wait')
  t.same(m.mails().map((mail) => mail.by).sort(), ['c', 'd'], 'one from each replica')
})

t.test('recording at one replica, transcription at the other: one e-mail, with the transcript', async (t) => {
  const m = await message()
  heard(t, await m.recording(a.url), 'the recording at a')
  t.equal((await m.transcription(b.url, 'Hi, it is Bob. Call me back.')).status, 200, 'the transcription at b')
  const [mail] = await mailsOf(m, 1, 10_000)
  t.match(mail?.mail.text, '\nTranscript:\nHi, it is Bob. Call me back.\n')
  t.match(mail?.mail.text, `${m.recordingUrl}.mp3`)
  await pastRetries()
  t.equal(m.mails().length, 1, 'still one e-mail after the wait and retries')
})

t.test('callbacks retried at both replicas, through the load balancer: one e-mail, with the transcript', async (t) => {
  const m = await message()
  const recordings = [await m.recording(shared.balancer.url), await m.recording(shared.balancer.url)]
  for (const answer of recordings) heard(t, answer, `the recording at ${answer.replica ?? '?'}`)
  t.same(recordings.map((answer) => answer.replica).sort(), ['a', 'b'], 'the recording callback reached both replicas')
  const transcriptions = [await m.transcription(shared.balancer.url, 'Hello from Alice.'), await m.transcription(shared.balancer.url, 'Hello from Alice.')]
  t.same(transcriptions.map((answer) => answer.status), [200, 200])
  t.same(transcriptions.map((answer) => answer.replica).sort(), ['a', 'b'], 'the transcription callback reached both replicas')
  const [mail] = await mailsOf(m, 1, 10_000)
  t.match(mail?.mail.text, '\nTranscript:\nHello from Alice.\n')
  await pastRetries()
  t.equal(m.mails().length, 1, 'one e-mail for four callbacks')
})

t.test('a recording callback retried at the other replica after its transcription: still the transcript, once', async (t) => {
  const m = await message()
  heard(t, await m.recording(a.url), 'the recording at a')
  t.equal((await m.transcription(b.url, 'Only this.')).status, 200, 'the transcription at b')
  heard(t, await m.recording(b.url), 'the recording retried at b')
  heard(t, await m.recording(a.url), 'and again at a')
  const [mail] = await mailsOf(m, 1, 10_000)
  t.match(mail?.mail.text, '\nTranscript:\nOnly this.\n')
  await pastRetries()
  t.equal(m.mails().length, 1, 'the late retries sent nothing more')
})

t.test('no transcription: one e-mail after the wait, saying so', async (t) => {
  const m = await message()
  // Before the request: the wait starts when a replica has it, however long the answer takes to come back.
  const recorded = Date.now()
  const answer = await m.recording(shared.balancer.url)
  heard(t, answer, `the recording at ${answer.replica ?? '?'}`)
  await sleep(Math.max(0, recorded + WAIT_MS - 1000 - Date.now()))
  t.equal(m.mails().length, 0, 'nothing before the wait is over')
  const [mail] = await mailsOf(m, 1, WAIT_MS + 10_000)
  t.ok(Date.now() - recorded >= WAIT_MS, `sent ${Date.now() - recorded} ms after the recording`)
  t.match(mail?.mail.text, LATE)
  t.notMatch(mail?.mail.text, 'Transcript:')
  await pastRetries()
  t.equal(m.mails().length, 1, 'one e-mail')
})

t.test('Redis restarted from its append-only file with letters waiting: none lost, none twice', async (t) => {
  const waiting = await Promise.all(Array.from({ length: 6 }, async () => await message()))
  for (const m of waiting) heard(t, await m.recording(shared.balancer.url), `message ${m.n} recorded`)
  await redis.kill()
  await redis.start()
  // Two of them are transcribed after the restart: their waiting letter is found and replaced.
  const [first, second] = waiting as [Message, Message]
  t.equal((await first.transcription(a.url, 'After the restart.')).status, 200)
  t.equal((await second.transcription(b.url, 'After the restart.')).status, 200)
  for (const m of waiting) await mailsOf(m, 1, WAIT_MS + 20_000)
  await pastRetries()
  t.same(waiting.map((m) => m.mails().length), waiting.map(() => 1), 'every message mailed once')
  t.match(first.mails()[0]?.mail.text, 'After the restart.')
  t.match(second.mails()[0]?.mail.text, 'After the restart.')
  t.match(waiting[2]?.mails()[0]?.mail.text, LATE)
})

t.test('Redis stopped during a recording callback: the caller is answered, the e-mail goes once after Redis returns', async (t) => {
  const during = await message(false)
  const m = await message(false)
  const later = await message()
  // Redis goes away while the first callback is on its way; the others find it gone.
  const [first] = await Promise.all([during.recording(b.url), redis.stop()])
  heard(t, first, 'Redis stopping meanwhile')
  const answer = await m.recording(a.url)
  heard(t, answer, 'with Redis down')
  for (const [what, { ms }] of [['stopping', first], ['down', answer]] as const) t.ok(ms < 5000, `Redis ${what}: answered in ${ms} ms, well within Twilio's 15 s`)
  heard(t, await later.recording(b.url), 'a message waiting for its transcription, with Redis down')
  await sleep(1000)
  t.equal(m.mails().length, 0, 'not sent while Redis is down')
  await redis.start()
  for (const one of [during, m]) await mailsOf(one, 1, 30_000)
  await mailsOf(later, 1, WAIT_MS + 30_000)
  await pastRetries()
  t.equal(during.mails().length, 1, 'the message recorded as Redis stopped, once')
  t.equal(m.mails().length, 1, 'the message recorded while it was down, once')
  t.equal(later.mails().length, 1, 'the one that waited for its transcription, once')
  t.match(m.mails()[0]?.mail.text, `${m.recordingUrl}.mp3`)
  t.match(later.mails()[0]?.mail.text, LATE)
})

/** Kills the replica holding message `m`'s letter, as `box` names it, and returns the other. */
async function killHolder (t: Test, m: Message, mailbox: Mailbox, after: number): Promise<{ killed: Replica, other: Replica }> {
  const attempt = await mailbox.attempt(m.email, after, 20_000)
  const killed = attempt.by === 'a' ? a : attempt.by === 'b' ? b : undefined
  if (killed === undefined) throw new Error(`the attempt came from no replica: ${String(attempt.by)}`)
  t.equal(await killed.stop('SIGKILL'), null, `replica ${killed.name}, which made attempt ${after + 1}, killed with SIGKILL`)
  return { killed, other: killed === a ? b : a }
}

async function restart (replica: Replica): Promise<void> {
  await replica.start()
  await untilServing(shared.balancer.url, replica.name)
}

t.test('the replica delivering a letter killed with SIGKILL: the other delivers it, once', async (t) => {
  const m = await message(false)
  box.hold()
  const answer = await m.recording(shared.balancer.url)
  heard(t, answer, `the recording at ${answer.replica ?? '?'}`)
  const { killed, other } = await killHolder(t, m, box, 0)
  box.release()
  const due = Date.now()
  const [mail] = await mailsOf(m, 1, 60_000)
  t.equal(mail?.by, other.name, `delivered by ${other.name}, ${Date.now() - due} ms after it was due`)
  await restart(killed)
  await pastRetries()
  t.equal(m.mails().length, 1, `once, ${killed.name} back`)
})

t.test('the replica retrying a letter killed with SIGKILL: the other delivers it, once', async (t) => {
  const m = await message(false)
  box.failing = true
  heard(t, await m.recording(shared.balancer.url), 'the recording')
  const { killed, other } = await killHolder(t, m, box, 1)
  box.failing = false
  const due = Date.now()
  const [mail] = await mailsOf(m, 1, 60_000)
  t.equal(mail?.by, other.name, `delivered by ${other.name}, ${Date.now() - due} ms after the server accepts again`)
  await restart(killed)
  await pastRetries()
  t.equal(m.mails().length, 1, `once, ${killed.name} back`)
})
