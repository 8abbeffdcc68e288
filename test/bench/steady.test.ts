import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { Tally } from '../../bench/load.js'
import { steady } from '../../bench/steady.js'

async function server (t: { teardown: (fn: () => unknown) => void }, answer: (path: string, body: string) => { status: number, delayMs: number }) {
  const seen: string[] = []
  const http = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => { body += chunk })
    req.on('end', () => {
      seen.push(`${req.url ?? ''} ${body}`)
      const { status, delayMs } = answer(req.url ?? '', body)
      // As Fastify answers: with a content-length, which is all the steady client reads.
      const xml = Buffer.from('<Response>é</Response>')
      setTimeout(() => { res.writeHead(status, { 'content-type': 'text/xml', 'content-length': xml.length }).end(xml) }, delayMs)
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { http.closeAllConnections(); http.close() })
  return { port: (http.address() as AddressInfo).port, seen }
}

t.test('sends the scheduled number of requests, each once, and times every answer', async (t) => {
  const { port, seen } = await server(t, () => ({ status: 200, delayMs: 0 }))
  const tally = new Tally()
  let i = 0
  await steady({ port, pids: [process.pid], connections: 3, rate: 400, seconds: 0.5, next: () => ({ path: `/x?n=${i}`, body: `CallSid=CA${i++}` }) }, tally)
  t.equal(tally.requests, 200)
  t.equal(tally.bad, 0)
  t.equal(seen.length, 200)
  // Each request once, as scheduled; over three connections they may arrive a little out of order.
  const n = (line: string): number => Number(/n=(\d+)/.exec(line)?.[1])
  t.same([...seen].sort((a, b) => n(a) - n(b)), Array.from({ length: 200 }, (_, k) => `/x?n=${k} CallSid=CA${k}`))
  t.ok(tally.latency(0.5) >= 0 && tally.latency(0.99) < 1000)
  t.ok(tally.seconds >= 0.45, 'the schedule takes its time')
})

t.test('a slow answer delays the pipelined requests behind it, and they are timed so', async (t) => {
  const { port } = await server(t, (path) => ({ status: 200, delayMs: path === '/x?n=0' ? 300 : 0 }))
  const tally = new Tally()
  let i = 0
  await steady({ port, pids: [process.pid], connections: 1, rate: 100, seconds: 0.2, next: () => ({ path: `/x?n=${i++}`, body: '' }) }, tally)
  t.equal(tally.requests, 20)
  t.ok(tally.latency(0.5) >= 100, `the median waited behind the slow one (${tally.latency(0.5)} ms)`)
})

t.test('answers other than 2xx are counted as bad', async (t) => {
  const { port } = await server(t, (path) => ({ status: path.endsWith('3') ? 500 : 200, delayMs: 0 }))
  const tally = new Tally()
  let i = 0
  await steady({ port, pids: [process.pid], connections: 2, rate: 200, seconds: 0.1, next: () => ({ path: `/x?n=${i++}`, body: '' }) }, tally)
  t.equal(tally.requests, 20)
  t.equal(tally.bad, 2)
})
