import { readFileSync } from 'node:fs'

export interface StartCommand {
  /** Node's own options, V8's heap settings among them. */
  nodeArgs: string[]
  script: string
}

/**
 * What `npm start` runs, read from package.json's start script (`node [options] script`), so the
 * benchmark measures the service with the same settings operators get; the Dockerfile's CMD
 * repeats it (test/bench/start-command.test.ts checks that it does).
 */
export function startCommand (packageJson: string = readFileSync('package.json', 'utf8')): StartCommand {
  const start = (JSON.parse(packageJson) as { scripts?: { start?: string } }).scripts?.start ?? ''
  const words = start.trim().split(/\s+/)
  const script = words.at(-1)
  if (words[0] !== 'node' || words.length < 2 || script === undefined || script.startsWith('-')) {
    throw new Error(`package.json's start script is not "node [options] script": ${start}`)
  }
  return { nodeArgs: words.slice(1, -1), script }
}
