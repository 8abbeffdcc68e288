import { connect, type Socket } from 'node:net'
import type { Tally } from './load.js'
import { totalCpuSeconds } from './processes.js'
import type { BenchRequest } from './scenarios.js'

/**
 * An open-loop load: requests go out on a fixed schedule, whether or not earlier answers have
 * come, spread over keep-alive connections (pipelined when one is still busy). Each latency
 * runs from the moment the request was written, so a slow answer also counts against the ones
 * queued behind it, as a caller would feel it; the client's own timer lateness (up to a
 * millisecond between ticks) does not. autocannon cannot do this: it waits for each answer
 * before sending the next request on a connection.
 */
export interface SteadyOptions {
  port: number
  /** The server's processes, for their CPU together. */
  pids: readonly number[]
  connections: number
  /** Requests per second, over all connections. */
  rate: number
  seconds: number
  next: () => BenchRequest
}

const HEAD_END = '\r\n\r\n'
const DRAIN_MS = 5000

interface Connection {
  socket: Socket
  /** When each request still unanswered on it was written (ns), oldest first. */
  sentAt: bigint[]
  buffer: string
}

function requestText (port: number, request: BenchRequest): string {
  return `POST ${request.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    `Content-Length: ${Buffer.byteLength(request.body)}\r\n\r\n${request.body}`
}

/** Takes every complete answer off the connection's buffer. */
function answers (connection: Connection, tally: Tally, now: bigint): void {
  for (;;) {
    const headEnd = connection.buffer.indexOf(HEAD_END)
    if (headEnd === -1) return
    const head = connection.buffer.slice(0, headEnd)
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN)
    if (Number.isNaN(length)) throw new Error(`an answer without content-length: ${head}`)
    const end = headEnd + HEAD_END.length + length
    // Read as latin1: one character per byte.
    if (connection.buffer.length < end) return
    const status = Number(head.slice(9, 12))
    connection.buffer = connection.buffer.slice(end)
    const sentAt = connection.sentAt.shift()
    if (sentAt === undefined) throw new Error('an answer nobody asked for')
    if (status >= 200 && status < 300) tally.record(Number(now - sentAt) / 1e6)
    else tally.bad++
    tally.requests++
  }
}

async function open (port: number, tally: Tally): Promise<Connection> {
  return await new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true })
    const connection: Connection = { socket, sentAt: [], buffer: '' }
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      connection.buffer += chunk
      answers(connection, tally, process.hrtime.bigint())
    })
    socket.once('connect', () => resolve(connection))
    socket.once('error', reject)
  })
}

/** Runs the schedule against one server, adding what it saw to `tally`. */
export async function steady (options: SteadyOptions, tally: Tally): Promise<void> {
  const connections = await Promise.all(Array.from({ length: options.connections }, async () => await open(options.port, tally)))
  const cpuBefore = totalCpuSeconds(options.pids)
  const clientBefore = process.cpuUsage()
  const interval = BigInt(Math.round(1e9 / options.rate))
  const total = Math.round(options.rate * options.seconds)
  const start = process.hrtime.bigint()
  let sent = 0
  await new Promise<void>((resolve) => {
    // Timers fire about once a millisecond: each sends what has come due since the last.
    const timer = setInterval(() => {
      const now = process.hrtime.bigint()
      while (sent < total && start + BigInt(sent) * interval <= now) {
        const connection = connections[sent % connections.length] as Connection
        const text = requestText(options.port, options.next())
        connection.sentAt.push(process.hrtime.bigint())
        connection.socket.write(text)
        sent++
      }
      if (sent === total) {
        clearInterval(timer)
        resolve()
      }
    }, 1)
  })
  const until = Date.now() + DRAIN_MS
  while (connections.some((c) => c.sentAt.length > 0) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5))
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  const client = process.cpuUsage(clientBefore)
  for (const connection of connections) {
    tally.bad += connection.sentAt.length
    connection.socket.destroy()
  }
  tally.seconds += wall
  tally.serverCpu += totalCpuSeconds(options.pids) - cpuBefore
  tally.clientCpu += (client.user + client.system) / 1e6
}
