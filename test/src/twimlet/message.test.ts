import t from 'tap'
import { messageParam, readMessage, readMessages, toMessage } from '../../../src/twimlet/message.js'
import { Params } from '../../../src/params/params.js'

t.test('text is said; an http(s) URL is played', async (t) => {
  t.same(toMessage('Hello'), { kind: 'say', text: 'Hello' })
  t.same(toMessage('https://example.com/a.mp3'), { kind: 'play', url: 'https://example.com/a.mp3' })
  t.same(toMessage('HTTP://example.com/a.mp3'), { kind: 'play', url: 'http://example.com/a.mp3' })
  t.same(toMessage('ftp://example.com/a.mp3'), { kind: 'say', text: 'ftp://example.com/a.mp3' })
  t.equal(toMessage('https://'), undefined)
})

t.test('reading one message and lists of messages', async (t) => {
  const p = Params.fromSearch('Message=hi&Bad=https%3A%2F%2F&Message2[]=a&Message2[]=https%3A%2F%2Fe.com%2Fb.wav&Message2[]=http%3A%2F%2F')
  t.same(readMessage(p, 'Message'), { kind: 'say', text: 'hi' })
  t.equal(readMessage(p, 'Bad'), undefined)
  t.equal(readMessage(p, 'None'), undefined)
  t.same(readMessages(p, 'Message2'), [{ kind: 'say', text: 'a' }, { kind: 'play', url: 'https://e.com/b.wav' }])
  t.same(p.issues.map((i) => i.param), ['Bad', 'Message2'])
})

t.test('messageParam writes a message back as the value it was read from', async (t) => {
  for (const typed of ['Hello & <goodbye>', 'https://example.com/a.mp3?x=1&y=2']) {
    const message = toMessage(typed)
    t.equal(message === undefined ? undefined : messageParam(message), typed)
  }
})
