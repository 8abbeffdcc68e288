import { access, readdir, readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { readConfig, type Config } from '../../src/config.js'
import { twimlets } from '../../twimlets/index.js'
import { testApp } from '../fixtures/app.js'
import { unknownSettings } from '../fixtures/deploy.js'
import { anchorOf, exampleProblems, examplesIn, linksOf, NOT_AN_EXAMPLE, type Example } from '../fixtures/examples.js'

const ROOT = new URL('../../', import.meta.url)
const NAMES = twimlets.map((twimlet) => twimlet.name)

async function read (file: string): Promise<string> {
  return await readFile(new URL(file, ROOT), 'utf8')
}

async function documents (): Promise<Array<[file: string, text: string]>> {
  const docs = (await readdir(new URL('docs/', ROOT))).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)
  return await Promise.all(['README.md', 'deploy/README.md', ...docs].map(async (file) => [file, await readFile(new URL(file, ROOT), 'utf8')] as [string, string]))
}

/** The app as the operator settings of an example make it; each set of settings is built once. */
function appsFor (t: { teardown: (fn: () => unknown) => void }): (example: Example) => Promise<FastifyInstance> {
  const apps = new Map<string, Promise<FastifyInstance>>()
  return async (example) => {
    const key = JSON.stringify(example.settings)
    let app = apps.get(key)
    if (app === undefined) {
      // Each test app has an outbox of its own: the default ./outbox would be in the checkout.
      const config: Partial<Config> = readConfig(example.settings)
      delete config.outboxDir
      // Every example is checked and simulated through /api: more than a person's minute.
      delete config.apiRateLimitPerMinute
      app = testApp(t, { config })
      apps.set(key, app)
    }
    return await app
  }
}

t.test('every example URL of the README and docs/ plays the call it describes', async (t) => {
  const appFor = appsFor(t)
  const all = (await documents()).flatMap(([file, text]) => examplesIn(text, file, NAMES))
  const readme = all.filter((e) => e.at.startsWith('README.md:'))
  t.ok(readme.length >= 10, `the README shows examples (${readme.length} found)`)
  t.ok(all.some((e) => e.at.startsWith('docs/TWIMLETS.md:')), 'the twimlet reference shows examples')
  for (const twimlet of NAMES.filter((name) => name !== 'whisper')) {
    t.ok(all.some((e) => e.twimlet === twimlet), `an example of ${twimlet}`)
  }
  for (const example of all) {
    t.same(await exampleProblems(await appFor(example), example, NAMES), [], `${example.at} ${example.url}`)
  }
})

t.test('the README keeps the two commands CI and readers run', async (t) => {
  const readme = await readFile(new URL('README.md', ROOT), 'utf8')
  t.match(readme, /^npm ci && npm start\b/m)
  t.match(readme, /^npm test\b/m)
})

t.test('every link between the README, docs/ and deploy/ leads somewhere', async (t) => {
  t.equal(anchorOf('Moving from twimlets.com'), 'moving-from-twimletscom')
  t.equal(anchorOf('Trying it from a laptop: a tunnel'), 'trying-it-from-a-laptop-a-tunnel')
  const docs = new Map(await documents())
  for (const [file, text] of docs) {
    for (const href of linksOf(text).links) {
      if (/^[a-z]+:/i.test(href)) continue
      const [path = '', anchor] = href.split('#')
      const target = path === '' ? file : new URL(path, new URL(file, ROOT)).href.slice(ROOT.href.length)
      await t.resolves(access(new URL(target, ROOT)), `${file}: ${href} exists`)
      if (anchor !== undefined) {
        const text = docs.get(target)
        t.ok(text !== undefined && linksOf(text).anchors.has(anchor), `${file}: ${href} names a heading`)
      }
    }
  }
})

/** The lines of a file that mean something: no comments, no blank lines, spaces evened out. */
function meaningful (text: string): string[] {
  return text.split('\n').map((line) => line.trim().replace(/\s+/g, ' ')).filter((line) => line !== '' && !line.startsWith('#'))
}

t.test('the deploy files agree with the service', async (t) => {
  const caddyfile = await read('deploy/Caddyfile')
  const paths = /path_regexp \^\/\(([^)]*)\)/.exec(caddyfile)?.[1]?.split('|') ?? []
  t.same([...paths].sort(), [...NAMES].sort(), 'Caddy passes exactly the twimlets\' paths')
  const readme = await read('README.md')
  const shown = /```caddyfile\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  t.same(meaningful(shown), meaningful(caddyfile), 'the README shows deploy/Caddyfile without its comments')

  const start = (JSON.parse(await read('package.json')) as { scripts: { start: string } }).scripts.start
  const unit = await read('deploy/twimlets.service')
  t.equal(/^ExecStart=(.*)$/m.exec(unit)?.[1], start.replace(/^node /, '/usr/bin/node '), 'systemd runs what npm start runs')
  t.match(unit, /^ReadWritePaths=\/var\/lib\/twimlets$/m)
  t.match(unit, /OUTBOX_DIR=\/var\/lib\/twimlets\/outbox/, 'the outbox is in the one writable folder')

  const dockerfile = await read('Dockerfile')
  const outbox = /OUTBOX_DIR=(\S+)/.exec(dockerfile)?.[1]
  t.equal(outbox, '/app/outbox')
  t.match(dockerfile, /^USER node$/m)
  t.match(await read('deploy/compose.yaml'), new RegExp(`- outbox-1:${outbox ?? '?'}\n`), 'compose keeps the image\'s outbox on a volume')
  t.match(readme, new RegExp(`-v twimlets-outbox:${outbox ?? '?'} `), 'so does the README\'s docker run')
})

t.test('engines, the README, the Dockerfile and CI name the same Node.js versions', async (t) => {
  const engines = (JSON.parse(await read('package.json')) as { engines: { node: string } }).engines.node
  // "^20.19 || ^22.12 || >=24": a supported major from the least minor that works, then the newest.
  const ranges = engines.split('||').map((range) => /^\s*(\^|>=)(\d+)(?:\.(\d+))?\s*$/.exec(range))
  t.ok(ranges.length >= 2 && ranges.every((m) => m !== null), `engines lists ^M.m ranges and a >=M: ${engines}`)
  t.equal(ranges.at(-1)?.[1], '>=', 'the newest range has no upper bound')
  const majors = ranges.map((m) => Number(m?.[2]))
  const shipped = Math.max(...majors)

  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  const satisfied = ranges.some((m) => m?.[1] === '>=' ? major >= Number(m[2]) : major === Number(m?.[2]) && minor >= Number(m?.[3] ?? 0))
  t.ok(satisfied, `the tests run on a Node.js that engines names: ${process.version}`)

  const images = [...(await read('Dockerfile')).matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]))
  t.ok(images.length >= 1, 'the Dockerfile starts from the node image')
  t.same([...new Set(images)], [shipped], `every stage of the image runs Node.js ${shipped}`)

  const ci = /^NODE_MAJORS=\(([\d ]+)\)$/m.exec(await read('.ci/run'))?.[1]?.split(' ').map(Number)
  t.same(ci, majors, 'CI runs the tests on every major of engines')

  const readme = await read('README.md')
  t.match(readme, new RegExp(`^Node\\.js ${shipped}, the Docker image's runtime;`, 'm'))
  t.match(readme, new RegExp(`Node\\.js ${shipped} on Debian`), 'the Docker section names it too')
  for (const m of ranges.filter((m) => m?.[1] === '^')) {
    t.match(readme, new RegExp(`\\b${m?.[2] ?? '?'} \\(from ${m?.[2] ?? '?'}\\.${m?.[3] ?? '0'}\\)`), `the README names ${m?.[0].trim() ?? ''}`)
  }
})

t.test('every setting the documents name is one the service reads', async (t) => {
  t.same(unknownSettings(['NO_SUCH_SETTING', 'PORT'], 'x'), ['x: NO_SUCH_SETTING is not a setting src/config.ts reads'], 'the check can fail')
  const documented = new Set<string>()
  for (const file of ['README.md', 'docs/CONFIGURATION.md', 'deploy/twimlets.env.example']) {
    const text = await readFile(new URL(file, ROOT), 'utf8')
    // A table row's first cell of settings (`HOST`, `PORT`), and NAME= lines of a settings file.
    for (const row of text.matchAll(/^\| ((?:`[A-Z][A-Z0-9_]+`(?:, )?)+) \|/gm)) {
      for (const name of (row[1] ?? '').matchAll(/`([A-Z0-9_]+)`/g)) documented.add(name[1] ?? '')
    }
    for (const m of text.matchAll(/^#?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=/gm)) documented.add(m[1] ?? '')
  }
  t.ok(documented.size >= 25, `the settings tables are read (${documented.size})`)
  t.same(unknownSettings(documented, 'the documents'), [])
})

t.test('a broken example fails, unless it is marked as one', async (t) => {
  const app = await testApp(t)
  const markdown = [
    'A line:', '', '    /forward?PhoneNumber=+14155551212', '',
    'A typo: `/forward?PhoneNumbr=+14155551212`', '',
    'Its FailUrl is broken:', '',
    '```sh', 'npx twimlets simulate "findme?PhoneNumbers[]=%2B14155551001&FailUrl=voicemail%3FEmial%3Dme%2540example.com" --party +14155551001=accept', '```', '',
    'A menu whose option 2 goes nowhere:', '', '    /menu?Message=Hi&Options[1]=message%3FMessage%3DBye&Options[2]=forward%3FTimeout%3D10', '',
    NOT_AN_EXAMPLE, '', '    /forward?Timeout=10', '',
    '<!-- example-settings: DEFAULT_REGION=JP -->', '', '    /forward?PhoneNumber=090-1234-5678', '',
    'A pattern to fill in: `/forward?PhoneNumber=…` and `https://<id>.example.com/forward?PhoneNumber=1`'
  ].join('\n')
  const examples = examplesIn(markdown, 'x.md', NAMES)
  t.same(examples.map((e) => [e.at, e.url, e.twimlet]), [
    ['x.md:3', '/forward?PhoneNumber=+14155551212', 'forward'],
    ['x.md:5', '/forward?PhoneNumbr=+14155551212', 'forward'],
    ['x.md:10', 'findme?PhoneNumbers[]=%2B14155551001&FailUrl=voicemail%3FEmial%3Dme%2540example.com', 'findme'],
    ['x.md:15', '/menu?Message=Hi&Options[1]=message%3FMessage%3DBye&Options[2]=forward%3FTimeout%3D10', 'menu'],
    ['x.md:23', '/forward?PhoneNumber=090-1234-5678', 'forward']
  ], 'the marked block and the patterns are left out')
  t.same(examples.map((e) => e.settings), [{}, {}, {}, {}, { DEFAULT_REGION: 'JP' }], 'settings apply to the block after them only')
  t.same(examples[2]?.script, { parties: ['+14155551001=accept'] }, 'a command\'s options are its script')
  const problems = await Promise.all(examples.slice(0, 4).map(async (e) => await exampleProblems(app, e, NAMES)))
  const has = (found: string[] | undefined, pattern: RegExp, message: string): void => {
    t.ok(found?.some((p) => pattern.test(p)), message, { found, pattern })
  }
  t.same(problems[0], [], 'a working example has no problem')
  has(problems[1], /^caller hears "Sorry, this line is not set up yet: it has no number to call\. Good bye\."$/, 'a configuration problem is one')
  has(problems[1], /^check: warning PhoneNumbr /, 'so is a misspelled parameter')
  has(problems[2], /^FailUrl: caller hears "Sorry, this voicemail box is not set up yet/, 'a nested URL that does not work is found on the way there')
  has(problems[2], /^FailUrl → check: warning .*Emial/, 'and on its own')
  has(problems[3], /^Options\[2\]: caller hears "Sorry, this line is not set up yet: it has no number to call/, 'a menu option is reached with its key')
  t.notOk(problems[3]?.some((p) => p.startsWith('Options[1]')), 'and the working option has no problem')
})
