import t from 'tap'
import { DEFAULTS } from '../../../src/config.js'
import { simulate } from '../../../src/simulator/call.js'
import { Busy, SandboxPool } from '../../../src/simulator/pool.js'
import type { Sandbox } from '../../../src/simulator/sandbox.js'
import { readScript } from '../../../src/simulator/script.js'
import type { Transcript } from '../../../src/simulator/transcript.js'
import { twimlets } from '../../../twimlets/index.js'
import { testFolder } from '../../fixtures/folder.js'

const BASE = 'https://calls.example.com/'
const VOICEMAIL = `${BASE}voicemail?Email=owner%40example.com&Transcribe=false`

function poolFor (t: { teardown: (fn: () => unknown) => void, testdir: () => string }, size: number, waiting: number): SandboxPool {
  const pool = new SandboxPool({ config: { ...DEFAULTS, outboxDir: testFolder(t) }, twimlets, size, waiting })
  t.teardown(async () => await pool.close())
  return pool
}

function notesOf (transcript: Transcript): string[] {
  return transcript.events.flatMap((e) => (e.type === 'request' ? e.notes ?? [] : []))
}

t.test('a sandbox serves one simulation after another, each as if it were the first', async (t) => {
  const pool = poolFor(t, 1, 0)
  const used: Sandbox[] = []
  const play = async (): Promise<string[]> => await pool.run(async (sandbox) => {
    used.push(sandbox)
    return notesOf(await simulate(sandbox.service(BASE), VOICEMAIL, readScript({})))
  })
  const first = await play()
  const second = await play()
  t.equal(used[0], used[1], 'the same sandbox, not a new app')
  t.match(first, [/^simulation: e-mail to owner@example\.com/])
  t.same(second, first, 'the second call is told the same: no "replacing the waiting one" left by the first')
  const letter = { key: 'CA1 voicemail', to: 'owner@example.com', subject: 'Voicemail', text: 'hi', html: '<p>hi</p>' }
  await pool.run(async (sandbox) => {
    t.same(sandbox.notes(), [], 'no notes left over')
    t.equal(await sandbox.services.outbox.enqueue(letter), 'queued')
    t.equal(await sandbox.services.outbox.enqueue({ ...letter, replace: true }), 'replaced', 'within one simulation, the letter is replaced')
    await sandbox.services.drafts.update('CA1', () => ({ kept: true }) as never)
  })
  await pool.run(async (sandbox) => {
    t.equal(await sandbox.services.outbox.enqueue({ ...letter, replace: true }), 'queued', 'the next one has no letter to replace')
    t.same(await sandbox.services.drafts.update('CA1', (draft) => draft ?? ({ fresh: true }) as never), { fresh: true }, 'nor a draft')
  })
})

t.test('at most `size` simulations run at once, `waiting` more wait, and the rest are refused', async (t) => {
  const pool = poolFor(t, 2, 1)
  let running = 0
  let most = 0
  let open = (): void => {}
  const gate = new Promise<void>((resolve) => { open = resolve })
  const job = async (): Promise<string> => await pool.run(async () => {
    running++
    most = Math.max(most, running)
    await gate
    running--
    return 'done'
  })
  const jobs = [job(), job(), job()]
  const refused = job()
  await t.rejects(refused, new Busy(2))
  t.match(await refused.catch((error: unknown) => error), { statusCode: 429, message: '2 simulations are running and others are waiting; try again in a moment' })
  open()
  t.same(await Promise.all(jobs), ['done', 'done', 'done'])
  t.equal(most, 2)
  t.equal(await job(), 'done', 'room again once they are done')
})

t.test('a simulation that fails gives its sandbox back', async (t) => {
  const pool = poolFor(t, 1, 0)
  await t.rejects(pool.run(async () => { throw new Error('broken script') }), /broken script/)
  t.equal(await pool.run(async () => 'next'), 'next')
})
