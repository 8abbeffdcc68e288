import { access, readdir, readFile } from 'node:fs/promises'
import t from 'tap'

const ROOT = new URL('../../', import.meta.url)
const MAP = 'docs/ARCHITECTURE.md'

/** Paths of the checkout written in backticks, e.g. `src/http/answer.ts` or `src/builder/`. */
function pathsIn (text: string): string[] {
  const found = [...text.matchAll(/`((?:src|twimlets|test|scripts|bench|deploy|docs|public)\/[\w./-]*)`/g)].map((match) => match[1] ?? '')
  return [...new Set(found)]
}

t.test('every path the documents name exists', async (t) => {
  const docs = (await readdir(new URL('docs/', ROOT))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)
  for (const file of ['README.md', ...docs]) {
    const text = await readFile(new URL(file, ROOT), 'utf8')
    for (const path of pathsIn(text)) {
      await t.resolves(access(new URL(path, ROOT)), `${file} names ${path}`)
    }
  }
})

t.test('the map names every folder and top-level file of src/', async (t) => {
  const text = await readFile(new URL(MAP, ROOT), 'utf8')
  const named = new Set(pathsIn(text).map((path) => path.replace(/\/$/, '')))
  const entries = await readdir(new URL('src/', ROOT), { withFileTypes: true })
  t.ok(entries.length > 0)
  for (const entry of entries) {
    const path = `src/${entry.name}`
    t.ok(named.has(path), `${MAP} names ${path}`)
  }
})

t.test('src/ keeps only its entry points and composition at the top', async (t) => {
  const files = (await readdir(new URL('src/', ROOT), { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort()
  t.same(files, ['app.ts', 'cli.ts', 'config.ts', 'server.ts', 'services.ts'])
})
