import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { Drafts } from '../../../src/mail/drafts.js'
import { memoryLog } from '../../fixtures/log.js'
import { testFolder } from '../../fixtures/folder.js'
import { eventually } from '../../fixtures/wait.js'

interface Count { n: number }
const valid = (value: unknown): value is Count => typeof (value as Partial<Count> | null)?.n === 'number'
const add = (current: Count | undefined): Count => ({ n: (current?.n ?? 0) + 1 })

t.test('a change is on disk when update resolves, and read back after a restart', async (t) => {
  const dir = testFolder(t)
  const log = memoryLog()
  const drafts = await Drafts.open({ dir, valid, log })
  t.same(await drafts.update('call 1', add), { n: 1 })
  t.same(await drafts.update('call 1', add), { n: 2 })
  t.same(await drafts.update('call 2', add), { n: 1 })
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json'))
  t.equal(files.length, 2)
  const again = await Drafts.open({ dir, valid, log })
  t.equal(again.size, 2)
  t.same(await again.update('call 1', add), { n: 3 })
  t.same(log.lines, [])
})

t.test('concurrent changes to one draft are applied one after the other', async (t) => {
  const drafts = await Drafts.open({ dir: testFolder(t), valid, log: memoryLog() })
  const results = await Promise.all(Array.from({ length: 20 }, async () => await drafts.update('call', add)))
  t.same(results.map((r) => r?.n).sort((a, b) => (a ?? 0) - (b ?? 0)), Array.from({ length: 20 }, (_, i) => i + 1))
})

t.test('damaged files and unfinished writes are cleared at start-up, and logged', async (t) => {
  const dir = testFolder(t, { '.tmp-abc': 'half', 'bad.json': '{"key":"x","changedAt":1,"value":{"n":"no"}}', 'torn.json': '{"key":' })
  const log = memoryLog()
  const drafts = await Drafts.open({ dir, valid, log })
  t.equal(drafts.size, 0)
  t.same(await readdir(dir), [])
  t.equal(log.at('error').length, 2)
})

t.test('bounded: past the most kept, a new draft is refused (logged); a known one still changes', async (t) => {
  const log = memoryLog()
  const drafts = await Drafts.open({ valid, log, max: 2 })
  await drafts.update('a', add)
  await drafts.update('b', add)
  t.equal(await drafts.update('c', add), undefined)
  t.match(log.at('error'), [{ message: 'could not store a voicemail draft', fields: { key: 'c', err: '2 voicemail drafts are already kept' } }])
  t.same(await drafts.update('a', add), { n: 2 })
})

t.test('without a folder, drafts live in memory only', async (t) => {
  const drafts = await Drafts.open({ valid, log: memoryLog() })
  t.same(await drafts.update('a', add), { n: 1 })
  t.same(await drafts.update('a', add), { n: 2 })
})

t.test('a draft that cannot be written is not kept: the change did not happen', async (t) => {
  const dir = testFolder(t)
  const log = memoryLog()
  await writeFile(join(dir, 'file'), 'not a folder')
  const drafts = await Drafts.open({ dir: join(dir, 'file', 'drafts'), valid, log })
  t.equal(await drafts.update('a', add), undefined)
  t.equal(log.at('error').length, 2, 'at start-up and at the change')
  t.equal(await readFile(join(dir, 'file'), 'utf8'), 'not a folder')
})

t.test('drafts unchanged for longer than kept are forgotten, on disk too', async (t) => {
  const dir = testFolder(t)
  const old = JSON.stringify({ key: 'old', changedAt: Date.now() - 2 * 24 * 60 * 60 * 1000, value: { n: 7 } })
  await writeFile(join(dir, 'aaaa.json'), old)
  const drafts = await Drafts.open({ dir, valid, log: memoryLog() })
  t.equal(drafts.size, 0)
  // The file is removed in the background: start-up does not wait on the disk for it.
  await eventually(async () => (await readdir(dir)).length === 0)
  t.same(await readdir(dir), [])
  t.same(await drafts.update('old', add), { n: 1 }, 'starts afresh')
})
