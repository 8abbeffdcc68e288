import { readFileSync } from 'node:fs'
import t from 'tap'
import { startCommand } from '../../bench/start-command.js'

t.test('npm start is read as node options and a script', async (t) => {
  t.same(startCommand('{"scripts":{"start":"node --max-semi-space-size=4 dist/bundle/server.mjs"}}'),
    { nodeArgs: ['--max-semi-space-size=4'], script: 'dist/bundle/server.mjs' })
  t.same(startCommand('{"scripts":{"start":"node x.js"}}'), { nodeArgs: [], script: 'x.js' })
  t.throws(() => startCommand('{"scripts":{"start":"tsx src/server.ts"}}'), /not "node \[options\] script"/)
  t.throws(() => startCommand('{"scripts":{"start":"node --inspect"}}'), /not "node \[options\] script"/)
  t.throws(() => startCommand('{}'), /not "node \[options\] script"/)
})

t.test('the image runs what npm start runs, with the same node options', async (t) => {
  const { nodeArgs, script } = startCommand()
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1]
  t.ok(cmd, 'the Dockerfile has an exec-form CMD')
  t.same(JSON.parse(cmd ?? '[]'), ['node', ...nodeArgs, script])
  t.ok(nodeArgs.some((arg) => arg.startsWith('--max-semi-space-size=')), 'the young generation is bounded (peak memory)')
  t.ok(nodeArgs.some((arg) => arg.startsWith('--heap-growing-percent=')), 'the old generation grows by a fixed factor (peak memory)')
})
