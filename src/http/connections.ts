import { readFileSync } from 'node:fs'
import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyBaseLogger } from 'fastify'

/** A request still arriving this long after its connection opened is a slow one at shutdown. */
const SLOW_AT_SHUTDOWN_MS = 1000
/** At most one log line per this long about connections refused at the cap. */
const DROP_LOG_INTERVAL_MS = 10_000

/** The process's soft open-files limit (`ulimit -n`), read from Linux's /proc; undefined elsewhere. */
export function openFilesLimit (path = '/proc/self/limits'): number | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  const soft = /^Max open files\s+(\d+)/m.exec(text)?.[1]
  return soft === undefined ? undefined : Number(soft)
}

export interface GuardOptions {
  maxConnections: number
  log: FastifyBaseLogger
  /** Counts each connection closed at the cap. */
  dropped: { inc: () => void }
}

interface Tracked {
  /** When the connection opened, then when its latest request began. */
  since: number
  /** The latest request on it, if any. */
  request?: IncomingMessage
}

const guards = new WeakMap<Server, Map<Socket, Tracked>>()

/**
 * Caps the connections open at once: past `maxConnections`, Node closes a new connection at
 * once, so the process never runs out of file descriptors for its outbox and outgoing requests.
 * That is logged (once per ten seconds, with the count) and counted.
 */
export function guardConnections (server: Server, options: GuardOptions): void {
  server.maxConnections = options.maxConnections
  let unlogged = 0
  let loggedAt = 0
  server.on('drop', () => {
    options.dropped.inc()
    unlogged++
    const now = Date.now()
    if (now - loggedAt < DROP_LOG_INTERVAL_MS) return
    options.log.warn({ maxConnections: options.maxConnections, dropped: unlogged }, 'connection refused: MAX_CONNECTIONS connections are open')
    loggedAt = now
    unlogged = 0
  })
  const open = new Map<Socket, Tracked>()
  guards.set(server, open)
  server.on('connection', (socket: Socket) => {
    open.set(socket, { since: Date.now() })
    socket.once('close', () => open.delete(socket))
  })
  server.on('request', (request: IncomingMessage) => {
    const tracked = open.get(request.socket)
    if (tracked === undefined) return
    tracked.request = request
    tracked.since = Date.now()
  })
}

/**
 * At shutdown: closes the idle connections, and those whose request has not fully arrived a
 * second after it began (slow clients; sockets that never sent one). A request that has arrived
 * is left to be answered.
 */
export function closeSlowConnections (server: Server): void {
  server.closeIdleConnections()
  const open = guards.get(server)
  if (open === undefined) return
  const now = Date.now()
  for (const [socket, tracked] of open) {
    if (tracked.request?.complete === true || now - tracked.since < SLOW_AT_SHUTDOWN_MS) continue
    socket.destroy()
  }
}
