import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { access, constants, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { main } from '../../src/cli.js'
import { Outbox, type Letter } from '../../src/mail/outbox.js'
import { smtpTransport } from '../../src/mail/transport.js'
import type { Transcript } from '../../src/simulator/transcript.js'
import { testApp } from '../fixtures/app.js'
import { memoryLog } from '../fixtures/log.js'
import { startRedis } from '../fixtures/redis.js'
import { letter as redisLetter, ready, replica } from '../fixtures/redis-outbox.js'
import { mailbox, sleep } from '../fixtures/smtp.js'
import { testFolder } from '../fixtures/folder.js'
import { eventually } from '../fixtures/wait.js'

const A = '+14155551001'
const B = '+14155551002'
const FINDME = `findme?PhoneNumbers[]=${encodeURIComponent(A)}&PhoneNumbers[]=${encodeURIComponent(B)}&PhoneNumbers[]=%2B14155551003`
const ROOT = new URL('../../', import.meta.url)

async function run (args: string[], env: Record<string, string> = {}): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const code = await main(args, { out: (text) => { out += text }, err: (text) => { err += text }, env })
  return { code, out, err }
}

t.test('a relative URL runs in this process, in the sandbox', async (t) => {
  const { code, out, err } = await run(['simulate', FINDME, '--party', `${A}=busy`, '--party', `${B}=accept`, '--digits', '2'])
  t.equal(code, 0)
  t.equal(err, '')
  t.match(out, /\n\nCall to POST http:\/\/sandbox\.invalid\/findme\?/)
  t.match(out, /\+14155551001 is busy after 1 s\n/)
  t.match(out, /Result: completed; connected to \+14155551002; rang \+14155551001 \(busy\), \+14155551002 \(bridged\); 5 requests\n$/)
})

t.test('--json prints the transcript as data; every script option is read', async (t) => {
  const { code, out } = await run(['simulate', '/menu?Message=Hi&Options[1]=message%3FMessage%3DBye', '--json', '--digits', '', '--digits', '1',
    '--method', 'GET', '--from', '+15105550000', '--to', '+14155550199', '--record-seconds', '3', '--talk-seconds', '9', '--transcription', 'x', '--max-requests', '9'])
  t.equal(code, 0)
  const transcript = JSON.parse(out) as Transcript
  t.match(transcript, { method: 'GET', result: 'completed' })
  t.match(transcript.events[0], { type: 'request', method: 'GET', form: { From: '+15105550000', To: '+14155550199' } })
  t.same(transcript.events.filter((e) => e.type === 'gather').map((e) => (e.type === 'gather' ? e.digits : '')), [undefined, '1'])
  t.match(transcript.events.filter((e) => e.type === 'say').map((e) => (e.type === 'say' ? e.text : '')), ['Hi', 'Hi', 'Bye'])
})

t.test('exit code 1 when the call errors', async (t) => {
  const { code, out } = await run(['simulate', 'nothing-here'])
  t.equal(code, 1)
  t.match(out, /ERROR 11200 on the caller's leg: HTTP 404/)
})

t.test('exit code 2, and the reason, when the command is wrong', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /^Usage: twimlets simulate/],
    [['simulate'], /expected "simulate <url>"/],
    [['call', FINDME], /expected "simulate <url>"/],
    [['simulate', FINDME, 'extra'], /expected "simulate <url>"/],
    [['simulate', FINDME, '--colour', 'red'], /Unknown option '--colour'/],
    [['simulate', FINDME, '--party', 'busy'], /"busy" is not target=outcome/],
    [['simulate', FINDME, '--digits', 'abc'], /not keys of a phone keypad/],
    [['simulate', 'http://[nope/findme'], /is not a URL/]
  ]
  for (const [args, message] of cases) {
    const { code, out, err } = await run(args)
    t.equal(code, 2, args.join(' '))
    t.match(out + err, message, args.join(' '))
  }
  const help = await run(['--help'])
  t.equal(help.code, 0)
  t.match(help.out, /--party <target>=<outcome>/)
})

t.test('an http(s) URL is played over the network, signed when TWILIO_AUTH_TOKEN is set', async (t) => {
  const app = await testApp(t, { config: { outboxDir: testFolder(t), authTokens: ['0123456789abcdef'] } })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const url = `${address}/forward?PhoneNumber=${encodeURIComponent(A)}`
  const signed = await run(['simulate', url, '--party', `${A}=no-answer`], { TWILIO_AUTH_TOKEN: '0123456789abcdef' })
  t.equal(signed.code, 0)
  t.match(signed.out, new RegExp(`→ POST ${address.replace(/[.]/g, '\\.')}/forward\\?Dial=true → 200 text/xml\n    with DialCallStatus=no-answer`))
  const unsigned = await run(['simulate', url])
  t.equal(unsigned.code, 1)
  t.match(unsigned.out, /HTTP 403/)
})

const NO_EMAIL = `forward?PhoneNumber=${encodeURIComponent(A)}&FailUrl=${encodeURIComponent('voicemail?Emial=owner@example.com')}`

t.test('--check prints the problems, nested ones under their parameter, and runs no call: exit 1 on errors', async (t) => {
  const bad = await run(['simulate', '--check', NO_EMAIL])
  t.equal(bad.code, 1)
  t.equal(bad.out, [
    'Problems (1 error, 1 warning):',
    '  warning  FailUrl → Emial: is not a parameter of voicemail, so it is ignored; did you mean Email?',
    '  error    FailUrl → Email: missing [TW_NO_EMAIL]; the caller hears "Sorry, this voicemail box is not set up yet: it has no e-mail address to send messages to. Good bye."',
    ''
  ].join('\n'))
  const warned = await run(['simulate', `findme?PhoneNumbers[]=${encodeURIComponent(A)}&Timout=30`, '--check'])
  t.equal(warned.code, 0, 'warnings alone are no failure')
  t.match(warned.out, /warning {2}Timout: is not a parameter of findme, so it is ignored; did you mean Timeout\?\n$/)
  const good = await run(['simulate', '--check', FINDME])
  t.same(good, { code: 0, out: 'No problems found.\n', err: '' })
  const json = await run(['simulate', '--check', '--json', NO_EMAIL])
  t.equal(json.code, 1)
  t.match(JSON.parse(json.out), { twimlet: 'forward', problems: [{ param: 'FailUrl → Emial', suggestion: 'Email' }, { path: ['FailUrl', 'Email'], code: 'TW_NO_EMAIL' }] })
})

t.test('a plain simulate prints the problems before the transcript; with --json on stderr, so stdout stays JSON', async (t) => {
  const text = await run(['simulate', NO_EMAIL, '--party', `${A}=busy`])
  t.equal(text.code, 0)
  t.match(text.out, /^Problems \(1 error, 1 warning\):\n {2}warning {2}FailUrl → Emial: [^\n]+\n {2}error {4}FailUrl → Email: [^\n]+\nRang \+1 415 555 1001 \(busy\) → [^\n]+\n\nCall to POST http:\/\/sandbox\.invalid\/forward\?/)
  const json = await run(['simulate', NO_EMAIL, '--json'])
  t.match(JSON.parse(json.out), { url: /^http:\/\/sandbox\.invalid\/forward\?/ })
  t.match(json.err, /^Problems \(1 error, 1 warning\):\n/)
})

t.test('a twimlets.com URL is never requested: the same line runs here, in the sandbox, and the command says so first', async (t) => {
  const line = `findme?PhoneNumbers[]=${encodeURIComponent(A)}&FailUrl=${encodeURIComponent('voicemail?Email=owner@example.com')}`
  const typed = `https://twimlets.com/findme?PhoneNumbers[]=${encodeURIComponent(A)}&FailUrl=${encodeURIComponent('http://twimlets.com/voicemail?Email=owner@example.com')}`
  const { code, out } = await run(['simulate', typed, '--party', `${A}=no-answer`])
  t.equal(code, 0)
  t.ok(out.startsWith(`twimlets: twimlets.com is never requested; simulating the same line on this service, in this process: ${line}\n`), out.slice(0, 300))
  t.match(out, `twimlets.com: this service answers the same line at\n  ${line}\n`)
  t.match(out, 'When no one answers, findme sends the caller to the FailUrl with a TwiML <Redirect>')
  t.match(out, `Call to POST http://sandbox.invalid/${line}`)
  t.match(out, '→ POST http://sandbox.invalid/voicemail?Email=owner@example.com → 200', 'the FailUrl, rewritten, is followed here too')
  const check = await run(['simulate', '--check', typed])
  t.equal(check.code, 0)
  t.match(check.out, `twimlets.com: this service answers the same line at\n  ${line}\n`)
  const unknown = await run(['simulate', 'http://twimlets.com/nothing?x=1'])
  t.equal(unknown.code, 1)
  t.match(unknown.out, /^twimlets: twimlets\.com is never requested, and this line names no twimlet of this service\n/)
  t.notMatch(unknown.out, /Call to/)
})

t.test('the bin launcher: package.json names it, and it runs the compiled command line', async (t) => {
  const pkg = JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8')) as { bin: Record<string, string> }
  t.same(pkg.bin, { twimlets: 'bin/twimlets.js' })
  const launcher = new URL('bin/twimlets.js', ROOT)
  await access(launcher, constants.X_OK)
  t.match(await readFile(launcher, 'utf8'), /^#!\/usr\/bin\/env node\n/)

  // A copy next to a stand-in for dist/: what the launcher passes on, and what it returns.
  const dir = testFolder(t)
  await mkdir(join(dir, 'bin'))
  await copyFile(launcher, join(dir, 'bin', 'twimlets.js'))
  const launch = async (): Promise<{ code: number | null, out: string }> => {
    const child = spawn(process.execPath, [join(dir, 'bin', 'twimlets.js'), 'simulate', 'findme'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
    const [code] = await once(child, 'exit') as [number | null]
    return { code, out }
  }
  t.same(await launch(), { code: 2, out: 'twimlets: the compiled code is missing; run `npm run build` first\n' })
  await mkdir(join(dir, 'dist', 'src'), { recursive: true })
  await writeFile(join(dir, 'dist', 'src', 'cli.js'), 'export async function main (args, io) { io.out(JSON.stringify(args) + "\\n"); return 3 }\n')
  t.same(await launch(), { code: 3, out: '["simulate","findme"]\n' })
})

t.test('the summary tells a voicemail box that was screened out from a person', async (t) => {
  const { code, out } = await run(['simulate', `simulring?PhoneNumbers[]=${encodeURIComponent(A)}`, '--party', `${A}=voicemail`])
  t.equal(code, 0)
  t.ok(out.startsWith('Rang +1 415 555 1001 (voicemail box, screened out)'), out.slice(0, 200))
})

t.test('--at runs an hours line as of that moment; --check shows its week', async (t) => {
  const line = 'hours?Open[]=Mon-Fri%2009:00-18:00&TimeZone=Asia/Tokyo&Holidays=JP&OpenUrl=message%3FMessage%3DOpen&ClosedUrl=message%3FMessage%3DClosed'
  const open = await run(['simulate', line, '--at', '2026-05-07T10:00:00+09:00'])
  t.equal(open.code, 0)
  t.match(open.out, /the caller hears: "Open"/)
  const closed = await run(['simulate', line, '--at', '2026-09-22T10:00:00+09:00'])
  t.match(closed.out, /the caller hears: "Closed"/, "the citizens' holiday")
  const checked = await run(['simulate', line, '--check', '--at', '2026-09-21T12:00:00+09:00'])
  t.equal(checked.code, 0)
  t.match(checked.out, 'Closed at 2026-09-21T03:00:00.000Z (Asia/Tokyo); next change: 2026-09-24T00:00:00.000Z\n' +
    '  2026-09-21 Mon  closed (holiday: 敬老の日)\n  2026-09-22 Tue  closed (holiday: 国民の休日)\n  2026-09-23 Wed  closed (holiday: 秋分の日)\n' +
    '  2026-09-24 Thu  09:00-18:00\n')
  const wrong = await run(['simulate', line, '--at', 'noon'])
  t.equal(wrong.code, 2)
  t.match(wrong.err, /at "noon" is not an ISO 8601 instant/)
})

const OWNER = 'owner@example.com'
const GONE = 'gone@example.com'

/** The id the outbox gives the letter with `key`: what list prints and retry and drop take. */
function idOf (key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

function letter (n: number, extra: Partial<Letter> = {}): Letter {
  return { key: `call ${n}`, to: OWNER, subject: `Message ${n}`, text: `Body ${n}`, html: `<p>Body ${n}</p>`, ...extra }
}

/** The outbox of a service running on `dir`, sending to `url`, that reads queue/ again every 50 ms. */
async function runningOutbox (t: Parameters<typeof mailbox>[0], dir: string, url: string): Promise<Outbox> {
  const outbox = await Outbox.open({
    dir, transport: smtpTransport(url), from: { name: 'Voicemail', address: 'voicemail@twimlets.test' }, allowed: [OWNER, GONE], retry: { minMs: 20, maxMs: 80 }, log: memoryLog(), rescanMs: 50
  })
  t.teardown(async () => { await outbox.close() })
  return outbox
}

t.test('outbox list, retry and drop, on the file outbox beside the running service', async (t) => {
  const reject = [GONE]
  const box = await mailbox(t, { reject })
  const dir = testFolder(t)
  const env = { OUTBOX_DIR: dir }
  const outbox = await runningOutbox(t, dir, box.url)
  t.equal(await outbox.enqueue(letter(1, { to: GONE })), 'queued')
  t.equal(await outbox.enqueue(letter(2, { notBefore: Date.parse('2030-01-01T09:00:00Z') })), 'queued')
  await eventually(async () => (await readdir(join(dir, 'failed')).catch(() => [])).length > 0)
  const [refused, waiting] = [idOf('call 1'), idOf('call 2')]

  const list = await run(['outbox', 'list'], env)
  t.equal(list.code, 0)
  t.equal(list.err, '')
  t.match(list.out, /^1 waiting, 1 set aside\n\n/)
  t.match(list.out, `${waiting}  waiting, due 2030-01-01T09:00:00Z\n  to:       ${OWNER}\n  subject:  Message 2\n  created:  `)
  t.match(list.out, `${refused}  set aside\n  to:       ${GONE}\n  subject:  Message 1\n  created:  `)
  const json = await run(['outbox', 'list', '--json'], env)
  t.equal(json.code, 0)
  t.match(JSON.parse(json.out), [
    { id: refused, key: 'call 1', state: 'set-aside', to: GONE, subject: 'Message 1', createdAt: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, dueAt: null, attempts: null, error: null },
    { id: waiting, key: 'call 2', state: 'waiting', to: OWNER, subject: 'Message 2', dueAt: '2030-01-01T09:00:00Z' }
  ])

  const early = await run(['outbox', 'retry', waiting], env)
  t.same(early, { code: 1, out: '', err: `twimlets: ${waiting} is waiting, not set aside: the service sends it when due (2030-01-01T09:00:00Z)\n` })

  // The mailbox takes it now; put back, the running service sends it without a restart.
  reject.length = 0
  const retried = await run(['outbox', 'retry', ` ${refused.slice(0, 8).toUpperCase()} `], env)
  t.same(retried, { code: 0, out: `${refused} is back in the queue, due now: the service sends it within a minute.\n`, err: '' })
  const [got] = await box.waitFor(1)
  t.equal(got?.mail.subject, 'Message 1')
  t.same(got?.envelope.to, [GONE])

  const dropped = await run(['outbox', 'drop', waiting], env)
  t.same(dropped, { code: 0, out: `${waiting} is dropped: it will not be sent.\n`, err: '' })
  // The sent letter's file too: the running outbox stops counting a letter before it removes the file.
  await eventually(async () => outbox.size === 0 && (await readdir(join(dir, 'queue'))).every((name) => !name.endsWith('.json')))
  t.equal(outbox.size, 0, 'the running service no longer counts it')
  t.same((await run(['outbox', 'list'], env)).out, 'The outbox is empty: no e-mail is waiting or set aside.\n')
  t.same(await run(['outbox', 'list', '--json'], env), { code: 0, out: '[]\n', err: '' })

  for (const args of [['retry', waiting], ['drop', waiting], ['drop', 'abcdef'], ['retry', 'x']]) {
    const gone = await run(['outbox', ...args], env)
    t.equal(gone.code, 1, args.join(' '))
    t.match(gone.err, /^twimlets: no letter in the outbox has the id .*; "twimlets outbox list" shows them\n$/, args.join(' '))
  }
  t.equal(box.received.length, 1, 'the dropped letter was never sent')
})

t.test('outbox list and drop, on the outbox in Redis that the replicas share', async (t) => {
  const redis = await startRedis(t)
  const box = await mailbox(t)
  const service = await replica(t, { url: redis.url, smtp: box.url })
  await ready(service)
  t.equal(await service.enqueue(redisLetter(7, { notBefore: Date.parse('2030-01-01T09:00:00Z') })), 'queued')
  const env = { REDIS_URL: redis.url, OUTBOX_DIR: join(testFolder(t), 'not-this-folder') }
  const list = await run(['outbox', 'list', '--json'], env)
  t.equal(list.code, 0, list.err)
  const listed = JSON.parse(list.out) as Array<{ id: string }>
  t.match(listed, [{ id: idOf('call 7'), key: 'call 7', state: 'waiting', dueAt: '2030-01-01T09:00:00Z' }], 'read from Redis, not from a folder')
  t.same(await run(['outbox', 'drop', idOf('call 7').slice(0, 8)], env), { code: 0, out: `${idOf('call 7')} is dropped: it will not be sent.\n`, err: '' })
  t.same((await run(['outbox', 'list'], env)).out, 'The outbox is empty: no e-mail is waiting or set aside.\n')
})

t.test('outbox list shows what waits in this machine\'s spool for Redis; retry says what will become of it', async (t) => {
  const redis = await startRedis(t, { appendOnly: true })
  const box = await mailbox(t)
  const dir = testFolder(t)
  const here = await replica(t, { url: redis.url, smtp: box.url, dir })
  await ready(here)
  t.equal(await here.enqueue(redisLetter(8, { notBefore: Date.parse('2030-01-01T09:00:00Z') })), 'queued')
  await redis.stop()
  t.equal(await here.enqueue(redisLetter(9, { notBefore: Date.parse('2030-01-02T09:00:00Z') })), 'queued')
  // The replica stopped before Redis came back: its spool waits for its next start.
  await here.close()
  await redis.start()
  const env = { REDIS_URL: redis.url, OUTBOX_DIR: dir }
  const list = await run(['outbox', 'list'], env)
  t.equal(list.code, 0, list.err)
  t.match(list.out, /^1 waiting, 0 set aside, 1 in this machine's spool\n\n/)
  t.match(list.out, `${idOf('call 8')}  waiting, due 2030-01-01T09:00:00Z\n`)
  t.match(list.out, `${idOf('call 9')}  in this machine's spool, moved to Redis by the service here, due 2030-01-02T09:00:00Z\n  to:       owner@example.com\n  subject:  Message 9\n`)
  t.match(JSON.parse((await run(['outbox', 'list', '--json'], env)).out), [{ key: 'call 8', state: 'waiting' }, { key: 'call 9', state: 'spooled', dueAt: '2030-01-02T09:00:00Z', attempts: null }])
  t.same(await run(['outbox', 'retry', idOf('call 9').slice(0, 6)], env), {
    code: 1,
    out: '',
    err: `twimlets: ${idOf('call 9')} is in this machine's spool, not set aside: the service here moves it to Redis, and sends it when due (2030-01-02T09:00:00Z)\n`
  })
  t.same(await run(['outbox', 'drop', idOf('call 9')], env), { code: 0, out: `${idOf('call 9')} is dropped: it will not be sent.\n`, err: '' })
  t.same(await readdir(join(dir, 'spool')), [])
})

t.test('outbox drop: a waiting letter due soon is not sent once dropped', async (t) => {
  const box = await mailbox(t)
  const dir = testFolder(t)
  const outbox = await runningOutbox(t, dir, box.url)
  t.equal(await outbox.enqueue(letter(3, { notBefore: Date.now() + 2000 })), 'queued')
  t.equal((await run(['outbox', 'drop', idOf('call 3')], { OUTBOX_DIR: dir })).code, 0)
  await sleep(2500)
  t.same(box.received, [])
})

t.test('outbox: an entry the service cannot read is listed, cannot be retried, can be dropped; ids shared by a start are refused', async (t) => {
  const torn = `${'ab'.repeat(15)}01`
  const twin = `${'ab'.repeat(15)}02`
  const dir = testFolder(t, { failed: { [`${torn}.json`]: '{"version":', [`${twin}.json`]: '[]', '.tmp-123': '{' } })
  const env = { OUTBOX_DIR: dir }
  const list = await run(['outbox', 'list', '--json'], env)
  t.match(JSON.parse(list.out), [{ id: torn, state: 'set-aside', error: /failed\/a+b.*01\.json is not an outbox entry this service can read$/ }, { id: twin }])
  t.equal(JSON.parse(list.out).length, 2, 'an unfinished write is not a letter')
  const retry = await run(['outbox', 'retry', torn], env)
  t.equal(retry.code, 1)
  t.match(retry.err, /cannot be read, so it cannot be sent; drop it\n$/)
  const ambiguous = await run(['outbox', 'drop', 'ababab'], env)
  t.equal(ambiguous.code, 1)
  t.match(ambiguous.err, `2 letters have an id starting with ababab: ${torn}, ${twin}`)
  t.equal((await run(['outbox', 'drop', torn], env)).code, 0)
  t.same((await readdir(join(dir, 'failed'))).sort(), ['.tmp-123', `${twin}.json`])
})

t.test('outbox: exit code 2, and the usage, when the command is wrong', async (t) => {
  const cases: string[][] = [
    ['outbox'], ['outbox', 'show'], ['outbox', 'list', 'all'], ['outbox', 'retry'], ['outbox', 'drop', ''],
    ['outbox', 'drop', 'a', 'b'], ['outbox', 'drop', 'abcdef', '--json']
  ]
  for (const args of cases) {
    const { code, out, err } = await run(args, { OUTBOX_DIR: testFolder(t) })
    t.equal(code, 2, args.join(' '))
    t.equal(out, '')
    t.match(err, /^twimlets: expected "outbox list", "outbox retry <id>" or "outbox drop <id>".*\n\nUsage: twimlets outbox list \[--json\]\n/, args.join(' '))
  }
  const nowhere = await run(['outbox', 'list'], { OUTBOX_DIR: join(testFolder(t), 'typo') })
  t.equal(nowhere.code, 1)
  t.match(nowhere.err, /^twimlets: there is no folder .*typo: set OUTBOX_DIR as the service has it\n$/)
  const option = await run(['outbox', 'list', '--party', 'a=busy'])
  t.equal(option.code, 2)
  t.match(option.err, /^twimlets: --party is not an option of "outbox"/)
  const config = await run(['outbox', 'list'], { REDIS_URL: 'http://cache:6379' })
  t.equal(config.code, 2)
  t.match(config.err, /REDIS_URL/)
  const help = await run(['--help'])
  t.match(help.out, /twimlets outbox retry <id>\n/)
})
