import { parseArgs } from 'node:util'
import { checkUrl, type Checked } from './builder/check.js'
import { checkedText, hasErrors } from './builder/check-text.js'
import { ConfigError, readConfig } from './config.js'
import { OUTBOX_USAGE, openOutboxAdmin, outboxCommand } from './mail/admin-command.js'
import { isTwimletsCom } from './migration/twimlets-com.js'
import { simulate } from './simulator/call.js'
import { httpService, serviceBase, type Service } from './simulator/http.js'
import { openSandbox, SANDBOX_BASE, type Sandbox } from './simulator/sandbox.js'
import { readAt, readScript, ScriptError, type ScriptInput } from './simulator/script.js'
import { transcriptText } from './simulator/transcript.js'
import { twimlets } from '../twimlets/index.js'

const USAGE = `Usage: twimlets simulate <url> [options]

Plays a whole call through a twimlet URL, as Twilio would, and prints the transcript.
An http(s) URL is requested over the network; a relative one (findme?PhoneNumbers[]=...)
runs in this process, in a sandbox that sends no e-mail and lists no bucket.
A twimlets.com URL is never requested: the same line on this service runs in the sandbox.
The URL, and every URL of this service nested in it, is checked first; its problems, if
any, are printed before the transcript.

Options:
  --party <target>=<outcome>  What a dialed phone does: accept, silent, voicemail, busy,
                              no-answer or fails; @seconds for when (accept@8). Repeatable.
  --digits <keys>             What the caller keys at the next prompt ('' for silence). Repeatable.
  --method <GET|POST>         How Twilio requests the URL (POST).
  --from <number>             The caller's number (+15105551212).
  --to <number>               The number called (+14155550100).
  --record-seconds <n>        How long the caller speaks at a <Record> (12).
  --transcription <text>      Twilio's transcription of that message.
  --talk-seconds <n>          How long a connected call lasts (45).
  --max-requests <n>          Give up after this many requests (60).
  --base <url>                The service's base URL, when the twimlet is not at its root folder.
  --at <instant>              Run the call as of this moment (ISO 8601 with its offset, such as
                              2026-05-06T10:00:00+09:00): the simulation's clock (hours).
  --check                     Only check the URL: print its problems, run no call.
  --json                      Print the transcript (or the check) as JSON; problems found
                              before a call go to stderr.
  -h, --help                  This help.

Over the network, requests are signed as Twilio signs them when TWILIO_AUTH_TOKEN is set.
The exit code is 1 when the call errors (with --check: when the URL has an error), 2 when
the command is wrong.

${OUTBOX_USAGE}`

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  env: Record<string, string | undefined>
}

const OPTIONS = {
  party: { type: 'string', multiple: true },
  digits: { type: 'string', multiple: true },
  method: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'record-seconds': { type: 'string' },
  transcription: { type: 'string' },
  'talk-seconds': { type: 'string' },
  'max-requests': { type: 'string' },
  base: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

function isAbsolute (url: string): boolean {
  return /^https?:\/\//i.test(url)
}

function checkedUrl (text: string, base?: string): string {
  try {
    return new URL(text, base).href
  } catch {
    throw new ScriptError(`"${text.slice(0, 200)}" is not a URL`)
  }
}

function serviceFor (url: string, base: string | undefined, io: Io, sandbox: Sandbox): { service: Service, url: string } {
  const serviceAt = base === undefined ? undefined : checkedUrl(base)
  if (isAbsolute(url)) {
    const absolute = checkedUrl(url)
    const authToken = io.env.TWILIO_AUTH_TOKEN?.split(',')[0]?.trim()
    return { service: httpService({ base: serviceAt ?? serviceBase(absolute), authToken: authToken === '' ? undefined : authToken }), url: absolute }
  }
  const absolute = checkedUrl(url.replace(/^\/+/, ''), SANDBOX_BASE)
  return { service: sandbox.service(serviceAt ?? serviceBase(absolute)), url: absolute }
}

function onTwimletsCom (url: string): boolean {
  if (!isAbsolute(url)) return false
  try {
    return isTwimletsCom(new URL(url))
  } catch {
    return false
  }
}

/**
 * The URL to simulate: the line as typed, or, when it is on twimlets.com or runs in the
 * sandbox with twimlets.com URLs nested in it, the same line on this service, relative.
 */
function simulated (url: string, checked: Checked): string | undefined {
  const rewritten = checked.migration?.rewritten
  const relative = rewritten?.startsWith(SANDBOX_BASE) === true ? rewritten.slice(SANDBOX_BASE.length) : undefined
  if (onTwimletsCom(url)) return relative
  return isAbsolute(url) ? url : relative ?? url
}

/** Runs the command line; resolves to the exit code. */
export async function main (argv: readonly string[], io: Io): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    io.err(`twimlets: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help === true || positionals.length === 0) {
    io.out(`${USAGE}\n`)
    return values.help === true ? 0 : 2
  }
  const [command, url, ...rest] = positionals
  if (command === 'outbox') return await outbox(positionals.slice(1), values, io)
  if (command !== 'simulate' || url === undefined || rest.length > 0) {
    io.err(`twimlets: expected "simulate <url>" or "outbox list|retry|drop"\n\n${USAGE}\n`)
    return 2
  }
  let script
  let sandbox
  let at
  try {
    const input: ScriptInput = {
      method: values.method,
      from: values.from,
      to: values.to,
      parties: values.party,
      digits: values.digits,
      recordSeconds: values['record-seconds'],
      transcription: values.transcription,
      talkSeconds: values['talk-seconds'],
      maxRequests: values['max-requests']
    }
    script = readScript(input)
    at = readAt(values.at)
    sandbox = await openSandbox({ config: readConfig(io.env), twimlets, at })
  } catch (error) {
    if (!(error instanceof ScriptError || error instanceof ConfigError)) throw error
    io.err(`twimlets: ${error.message}\n`)
    return 2
  }
  try {
    return await run({ url, script, sandbox, io, base: values.base, at, json: values.json === true, check: values.check === true })
  } finally {
    await sandbox.close()
  }
}

/** `twimlets outbox …`, on the store the service's settings name. */
async function outbox (args: string[], values: Record<string, unknown>, io: Io): Promise<number> {
  const others = Object.keys(values).filter((name) => name !== 'json')
  if (others.length > 0) {
    io.err(`twimlets: --${others.join(', --')} is not an option of "outbox"\n\n${OUTBOX_USAGE}\n`)
    return 2
  }
  let config
  try {
    config = readConfig(io.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    io.err(`twimlets: ${error.message}\n`)
    return 2
  }
  return await outboxCommand(args, values.json === true, io, async () => await openOutboxAdmin(config))
}

interface Run {
  url: string
  script: ReturnType<typeof readScript>
  sandbox: Sandbox
  io: Io
  base: string | undefined
  at: number | undefined
  json: boolean
  check: boolean
}

/** Checks the URL, then, unless only checking, plays the call; resolves to the exit code. */
async function run ({ url, script, sandbox, io, base, at, json, check }: Run): Promise<number> {
  const checked = await checkUrl(url, twimlets, sandbox, { base: SANDBOX_BASE, at })
  const line = simulated(url, checked)
  const shown = line !== undefined && !isAbsolute(line) ? line : undefined
  if (check) {
    io.out(json ? `${JSON.stringify(checked, null, 2)}\n` : checkedText(checked, shown))
    return hasErrors(checked) ? 1 : 0
  }
  // Before the transcript; with --json, apart from it, so what is printed stays JSON.
  const note = json ? io.err : io.out
  if (onTwimletsCom(url)) {
    note(line === undefined
      ? 'twimlets: twimlets.com is never requested, and this line names no twimlet of this service\n'
      : `twimlets: twimlets.com is never requested; simulating the same line on this service, in this process: ${line}\n`)
  }
  if (checked.problems.length > 0 || checked.migration !== undefined) note(checkedText(checked, shown))
  if (line === undefined) return 1
  let target
  try {
    target = serviceFor(line, base, io, sandbox)
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error
    io.err(`twimlets: ${error.message}\n`)
    return 2
  }
  const transcript = await simulate(target.service, target.url, script)
  io.out(json ? `${JSON.stringify(transcript, null, 2)}\n` : transcriptText(transcript, { parties: script.parties }))
  return transcript.result === 'error' ? 1 : 0
}
