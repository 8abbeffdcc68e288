import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import t from 'tap'
import { startupFiles } from '../../scripts/bundle.js'
import { builtService } from '../fixtures/built.js'
import { parseExposition, sampleOf } from '../fixtures/exposition.js'
import { startServer } from '../fixtures/server.js'
import { parseTwiml, response } from '../fixtures/twiml.js'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const CALL = 'CallSid=CA1&From=%2B15105551212&To=%2B14155550100&CallStatus=in-progress'
const A = '+14155551001'
const B = '+14155551002'

// The bundle `npm start` runs, laid out as in the Docker image, and run there.
const { script, metafile, place } = await builtService(t)

async function waitForFile (dir: string, ms: number): Promise<string> {
  const until = Date.now() + ms
  for (;;) {
    const files = await readdir(dir).catch(() => [])
    const eml = files.find((name) => name.endsWith('.eml'))
    if (eml !== undefined) return join(dir, eml)
    if (Date.now() > until) throw new Error(`no .eml in ${dir} within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

t.test('what a call does not need stays out of the files loaded at start-up', async (t) => {
  const startup = startupFiles(metafile)
  t.ok(startup.some((file) => file.endsWith('/server.mjs')), 'the entry is loaded')
  const inputs = startup.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}))
  t.ok(inputs.includes('twimlets/findme.ts'), 'the twimlets are')
  for (const lazy of ['node_modules/bullmq/', 'node_modules/ioredis/', 'src/redis/', 'src/mail/redis-outbox.ts', 'src/mail/redis-drafts.ts', 'node_modules/xmlbuilder2/', 'node_modules/nodemailer/', 'node_modules/@fastify/rate-limit/', 'node_modules/prom-client/', 'node_modules/ajv/', 'src/simulator/call.ts', 'src/simulator/sandbox.ts', 'src/builder/check.ts', 'src/mail/voicemail-mail.ts']) {
    t.notOk(inputs.some((input) => input.startsWith(lazy)), `${lazy} is not`)
  }
})

t.test('the bundle serves calls, the page, its checks and e-mail with no node_modules', async (t) => {
  const outbox = join(place, 'outbox')
  await mkdir(outbox)
  const server = await startServer({ OUTBOX_DIR: outbox, LOG_LEVEL: 'info' }, { script })
  t.teardown(() => server.process.kill('SIGKILL'))

  const findme = await fetch(`${server.url}/findme?PhoneNumbers[]=${encodeURIComponent(A)}&PhoneNumbers[]=${encodeURIComponent(B)}`, { method: 'POST', headers: FORM, body: CALL })
  t.equal(findme.status, 200)
  t.match(findme.headers.get('content-type'), /^text\/xml/)
  t.same(parseTwiml(await findme.text()), response(
    `<Dial action="findme?Dial=true&amp;Timeout=60&amp;HumanCheck=true&amp;PhoneNumbers[]=${B}" timeout="60">` +
    `<Number url="whisper?HumanCheck=true">${A}</Number></Dial>`))

  const health = await fetch(`${server.url}/healthz`)
  t.same(await health.json(), { status: 'ok' })

  const metrics = parseExposition(await (await fetch(`${server.url}/metrics`)).text())
  t.equal(sampleOf(metrics, 'twimlets_requests_total', { twimlet: 'findme', stage: 'dial', status: '200' }), 1)
  t.ok(sampleOf(metrics, 'process_resident_memory_bytes') > 0, 'prom-client is loaded from its chunk')

  const page = await fetch(`${server.url}/`)
  t.equal(page.status, 200)
  t.match(page.headers.get('content-type'), /^text\/html/)
  t.match(await page.text(), /<script type="module" src="builder\.js"><\/script>/)
  t.notMatch(server.output(), /not installed/, 'public/ is found from dist/bundle')

  const check = await fetch(`${server.url}/api/check?url=${encodeURIComponent(`findme?PhoneNumbers[]=${A}`)}`)
  t.equal(check.status, 200)
  t.match(await check.json(), { twimlet: 'findme', problems: [] })

  const simulated = await fetch(`${server.url}/api/simulate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `findme?PhoneNumbers[]=${encodeURIComponent(A)}`, parties: { [A]: 'busy' } }) })
  t.equal(simulated.status, 200)
  t.match(await simulated.json(), { transcript: { rang: [{ target: A, result: 'busy' }] } })

  const recording = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1'
  const voicemail = await fetch(`${server.url}/voicemail?Email=me%40example.com&Transcribe=false`, { method: 'POST', headers: FORM, body: `${CALL}&RecordingUrl=${encodeURIComponent(recording)}&RecordingDuration=7` })
  t.equal(voicemail.status, 200)
  t.same(parseTwiml(await voicemail.text()), response('<Say>Thanks. Good bye.</Say><Hangup/>'))
  const mail = await simpleParser(await readFile(await waitForFile(join(outbox, 'mail'), 10_000)))
  t.match(mail.to, { text: 'me@example.com' })
  t.match(mail.subject, /^Voicemail from \(510\) 555-1212 /)
  t.match(mail.text, `${recording}.mp3`)
})
