import { pathToFileURL } from 'node:url'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { readPages } from '../../../src/builder/static.js'

t.test('the page\'s files are read from the first place that has them', async (t) => {
  const dir = t.testdir()
  const empty = join(dir, 'empty')
  const full = join(dir, 'full')
  await mkdir(empty)
  await mkdir(full)
  for (const file of ['index.html', 'builder.js', 'builder.css']) await writeFile(join(full, file), `<${file}>`)
  const pages = await readPages([pathToFileURL(`${empty}/`), pathToFileURL(`${full}/`)])
  t.same([...(pages ?? new Map())].map(([path, page]) => [path, page.type, page.body.toString()]), [
    ['/', 'text/html; charset=utf-8', '<index.html>'],
    ['/builder.js', 'text/javascript; charset=utf-8', '<builder.js>'],
    ['/builder.css', 'text/css; charset=utf-8', '<builder.css>']
  ])
})

t.test('nowhere to be found: undefined, so the service starts without its page', async (t) => {
  t.equal(await readPages([pathToFileURL(`${t.testdir()}/`)]), undefined)
})

t.test('the installed page is found from this checkout', async (t) => {
  t.ok((await readPages())?.has('/'))
})
