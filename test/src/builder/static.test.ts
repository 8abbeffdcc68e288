import { pathToFileURL } from 'node:url'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { readPages } from '../../../src/builder/static.js'
import { testApp } from '../../fixtures/app.js'
import { testFolder } from '../../fixtures/folder.js'

const FILES = ['index.html', 'builder.js', 'builder.css', 'favicon.svg']

t.test('the page\'s files are read from the first place that has them', async (t) => {
  const dir = testFolder(t)
  const empty = join(dir, 'empty')
  const full = join(dir, 'full')
  await mkdir(empty)
  await mkdir(full)
  for (const file of FILES) await writeFile(join(full, file), `<${file}>`)
  const pages = await readPages([pathToFileURL(`${empty}/`), pathToFileURL(`${full}/`)])
  t.same([...(pages ?? new Map())].map(([path, page]) => [path, page.type, page.body.toString()]), [
    ['/', 'text/html; charset=utf-8', '<index.html>'],
    ['/builder.js', 'text/javascript; charset=utf-8', '<builder.js>'],
    ['/builder.css', 'text/css; charset=utf-8', '<builder.css>'],
    ['/favicon.svg', 'image/svg+xml', '<favicon.svg>']
  ])
})

t.test('nowhere to be found: undefined, so the service starts without its page', async (t) => {
  t.equal(await readPages([pathToFileURL(`${testFolder(t)}/`)]), undefined)
})

t.test('the installed page is found from this checkout', async (t) => {
  t.ok((await readPages())?.has('/'))
})

t.test('the favicon is served as SVG, linked from the page, with the page\'s headers', async (t) => {
  const app = await testApp(t)
  const icon = await app.inject('/favicon.svg')
  t.equal(icon.statusCode, 200)
  t.equal(icon.headers['content-type'], 'image/svg+xml')
  t.equal(icon.headers['x-content-type-options'], 'nosniff')
  t.match(icon.headers['content-security-policy'], /default-src 'none'/)
  t.match(icon.body, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 32 32"/)
  t.notMatch(icon.body, /<script|style=|href=/, 'nothing in it runs, loads or needs an inline style')
  t.match((await app.inject('/')).body, /<link rel="icon" href="favicon\.svg" type="image\/svg\+xml">/)
})
