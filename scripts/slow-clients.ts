import { connect, type Socket } from 'node:net'

/** A client that sent its request's headers and then trickles the body, a byte at a time. */
export interface SlowClient {
  socket: Socket
  /** Whether the connection was made and the headers sent. */
  connected: () => boolean
  /** What the server wrote back. */
  received: () => string
  /** Resolves when the server closed the connection (or it failed), with the ms it was open. */
  closed: Promise<number>
}

export interface SlowOptions {
  /** The request's path; a twimlet unless given. */
  path?: string
  /** How often a byte of the body is sent. */
  everyMs?: number
}

/** Opens `count` slow clients against `url` (http://host:port); resolves once each has connected, or failed to. */
export async function slowClients (url: string, count: number, options: SlowOptions = {}): Promise<SlowClient[]> {
  const { hostname, port } = new URL(url)
  const path = options.path ?? '/forward?PhoneNumber=%2B14155551001'
  const clients = Array.from({ length: count }, () => {
    // From the connection made: a loaded machine may take a while to accept a thousand of them.
    let opened = Date.now()
    const socket = connect({ host: hostname, port: Number(port) })
    let text = ''
    let made = false
    socket.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
    let trickle: NodeJS.Timeout | undefined
    const closed = new Promise<number>((resolve) => {
      socket.once('close', () => { clearInterval(trickle); resolve(Date.now() - opened) })
    })
    socket.on('error', () => {})
    const connected = new Promise<void>((resolve) => {
      socket.once('connect', () => {
        opened = Date.now()
        made = true
        socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n`)
        trickle = setInterval(() => { if (socket.writable) socket.write('a') }, options.everyMs ?? 200)
        resolve()
      })
      socket.once('close', () => resolve())
    })
    return { client: { socket, connected: () => made, received: () => text, closed }, connected }
  })
  await Promise.all(clients.map(async ({ connected }) => await connected))
  return clients.map(({ client }) => client)
}

/** Ends every client's connection from this side. */
export function closeAll (clients: readonly SlowClient[]): void {
  for (const { socket } of clients) socket.destroy()
}
