#!/usr/bin/env node
// Runs the compiled command line (npm run build makes dist/).
import { existsSync } from 'node:fs'

const cli = new URL('../dist/src/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('twimlets: the compiled code is missing; run `npm run build` first\n')
  process.exit(2)
}
const { main } = await import(cli.href)
const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env
})
// Idle keep-alive sockets would hold the process for seconds after the answer is printed.
process.stdout.write('', () => process.exit(code))
