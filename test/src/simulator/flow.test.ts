import t from 'tap'
import { flowSvg } from '../../../src/simulator/flow.js'
import type { Transcript } from '../../../src/simulator/transcript.js'
import { parseXml, type XmlElement } from '../../../src/twiml/xml.js'
import { sandboxCall } from '../../fixtures/simulate.js'

/** The picture of a call: an SVG document of its steps, read back with the service's strict XML reader. */

const A = '+14155551001'
const B = '+14155551002'
const enc = encodeURIComponent
const FINDME = `findme?PhoneNumbers[]=${enc(A)}&PhoneNumbers[]=${enc(B)}&FailUrl=${enc('voicemail?Email=owner@example.com')}`
const SVG_NS = 'http://www.w3.org/2000/svg'
const DRAWN = new Set(['svg', 'title', 'g', 'rect', 'text', 'line', 'path'])
const GREEN = '#1b7f3b'
const AMBER = '#a35a00'
const RED = '#b42318'

function attr (el: XmlElement, name: string): string | undefined {
  return el.attributes.find(([key]) => key === name)?.[1]
}

function elements (el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap((node) => (typeof node === 'string' ? [] : elements(node)))]
}

function textOf (el: XmlElement): string {
  return el.children.map((node) => (typeof node === 'string' ? node : textOf(node))).join('')
}

/** Every text drawn, in document order, with the outline colour of the box it is drawn in. */
function texts (svg: XmlElement): Array<{ text: string, box: string | undefined }> {
  let box: string | undefined
  return elements(svg).flatMap((el) => {
    if (el.name === 'rect' && attr(el, 'stroke-width') !== undefined) box = attr(el, 'stroke')
    return el.name === 'text' ? [{ text: textOf(el), box }] : []
  })
}

/**
 * Each of `wanted` in the text drawn, in this order, others between; lines are joined by a space,
 * as a line is broken at one.
 */
function inOrder (found: readonly string[], wanted: readonly string[]): string[] {
  const drawn = found.join(' ')
  const missing: string[] = []
  let at = 0
  for (const text of wanted) {
    const i = drawn.indexOf(text, at)
    if (i === -1) missing.push(text)
    else at = i + text.length
  }
  return missing
}

async function drawn (t: Parameters<typeof sandboxCall>[0], path: string, script: Parameters<typeof sandboxCall>[2], lang?: string): Promise<{ svg: string, root: XmlElement }> {
  const { transcript, script: read } = await sandboxCall(t, path, script)
  const svg = flowSvg(transcript, { lang, parties: read.parties })
  return { svg, root: parseXml(svg, { maxDepth: 8, instructions: 'refuse' }) }
}

t.test('findme to voicemail: every step drawn in order, coloured by how it went', async (t) => {
  const { root } = await drawn(t, FINDME, { parties: { [A]: 'busy', [B]: 'voicemail' } })
  t.equal(root.name, 'svg')
  t.equal(attr(root, 'xmlns'), SVG_NS)
  t.equal(attr(root, 'width'), '360', 'as wide as a phone held upright')
  t.match(attr(root, 'viewBox'), /^0 0 360 \d+$/)
  t.equal(attr(root, 'role'), 'img')
  const title = root.children.find((node): node is XmlElement => typeof node !== 'string' && node.name === 'title')
  t.equal(title === undefined ? undefined : textOf(title),
    'Call flow: Rang +1 415 555 1001 (busy), +1 415 555 1002 (voicemail box, screened out) → voicemail: e-mail to owner@example.com, transcript included')
  t.equal(attr(root, 'aria-labelledby'), title === undefined ? 'no title' : attr(title, 'id'))

  const found = texts(root)
  t.same(inOrder(found.map((f) => f.text), [
    'Call from +1 510 555 1212',
    'Ringing, for up to 60 s', '+1 415 555 1001', 'busy', 'after 1 s',
    'Ringing, for up to 60 s', '+1 415 555 1002', 'voicemail box, screened out', 'after 3 s',
    'Goes to', 'voicemail (Email owner@example.com)',
    'Voicemail', 'recorded a message of 12 s', 'e-mail to owner@example.com, transcript included',
    'Call ended'
  ]), [], 'each step, in order')
  t.equal(found.find((f) => f.text === 'busy')?.box, AMBER, 'busy: amber')
  t.equal(found.find((f) => f.text === 'voicemail box, screened out')?.box, AMBER, 'screened out: amber')
  t.equal(found.find((f) => f.text === 'recorded a message of 12 s')?.box, GREEN, 'a message left: green')

  for (const el of elements(root)) {
    t.ok(DRAWN.has(el.name), `<${el.name}> is a drawing element`)
    t.notOk(el.attributes.some(([name]) => /href|^on/i.test(name)), `<${el.name}> links to and runs nothing`)
  }
  for (const el of elements(root).filter((e) => e.name === 'rect')) {
    t.ok(Number(attr(el, 'x') ?? 0) + Number(attr(el, 'width')) <= 360, 'every box fits the width')
  }
  for (const { text } of found) t.ok(text.length <= 44, `a line short enough for 360 px: ${text}`)
})

t.test('simulring: the one who accepts is green, the one that fails red, the others grey', async (t) => {
  const { root } = await drawn(t, `simulring?PhoneNumbers[]=${enc(A)}&PhoneNumbers[]=${enc(B)}&PhoneNumbers[]=%2B14155551003`,
    { parties: { [A]: 'no-answer', [B]: 'accept:5', '+14155551003': 'fails' } })
  const found = texts(root)
  t.same(inOrder(found.map((f) => f.text), [
    'Ringing, for up to 20 s',
    '+1 415 555 1001', 'stopped ringing',
    '+1 415 555 1002', 'accepted', 'after 6 s, pressed 5, connected for 45 s',
    '+1 415 555 1003', 'failed', 'after 0 s',
    'Call ended'
  ]), [])
  t.equal(found.find((f) => f.text === 'accepted')?.box, GREEN)
  t.equal(found.find((f) => f.text === 'failed')?.box, RED)
  t.equal(found.find((f) => f.text === 'stopped ringing')?.box, '#5f6672')
})

t.test('a menu: what was heard and pressed, and where the call went', async (t) => {
  const { root } = await drawn(t, `menu?Message=${enc('Press 1 for sales')}&Options[1]=${enc('https://example.com/sales')}`, { digits: ['9', '1'] })
  t.same(inOrder(texts(root).map((f) => f.text), [
    'Keypad', '9', '“Press 1 for sales”', 'pressed 9 (not an option)',
    'Keypad', '1', '“Press 1 for sales”', 'pressed 1',
    'Another site', 'went on to https://example.com/sales (another site, not followed)',
    'Goes on at another site'
  ]), [])
})

t.test('an error is red, and says its code', async (t) => {
  const { root } = await drawn(t, 'nothing-here', {})
  const found = texts(root)
  t.same(inOrder(found.map((f) => f.text), ['Error', '11200', 'HTTP 404 from', 'nothing-here', 'Call failed: application error']), [])
  t.equal(found.find((f) => f.text === '11200')?.box, RED)
})

t.test('hostile text is text: escaped, never markup', async (t) => {
  const hostile = '<script>alert("x")</script> & <a href="javascript:1">'
  const { svg, root } = await drawn(t, `message?Message=${enc(hostile)}`, {})
  t.notMatch(svg, /<script|<a /, 'no markup made of it')
  t.match(svg, /&lt;script&gt;/)
  t.same(elements(root).filter((el) => !DRAWN.has(el.name)).map((el) => el.name), [])
  t.match(texts(root).map((f) => f.text).join(' '), '“<script>alert("x")</script> & <a')
})

t.test('in Japanese: the same steps, in the page\'s language', async (t) => {
  const { root } = await drawn(t, FINDME, { parties: { [A]: 'busy', [B]: 'voicemail' } }, 'ja')
  const found = texts(root).map((f) => f.text)
  t.same(inOrder(found, [
    '+1 510 555 1212からの着信',
    '呼び出し（最大60秒）', '+1 415 555 1001', '話し中', '1秒後',
    '呼び出し（最大60秒）', '+1 415 555 1002', '留守番電話、承諾されず',
    '移動先', '留守番電話', '12秒のメッセージを録音',
    '通話終了'
  ]), [])
  t.match(textOf(root.children.find((node): node is XmlElement => typeof node !== 'string' && node.name === 'title') ?? root), /^通話の流れ: /)
  t.equal(attr(root, 'lang'), 'ja', 'said to be Japanese, for screen readers')
})

t.test('a picture stays bounded: the steps past the 80th are counted, not drawn', async (t) => {
  const url = 'https://calls.example.com/echo'
  const transcript: Transcript = {
    url,
    method: 'POST',
    result: 'external',
    events: [
      { type: 'request', leg: 'caller', method: 'POST', url, form: { From: '+819012345678' }, status: 200 },
      ...Array.from({ length: 90 }, (_, i): Transcript['events'][number] => ({ type: 'external', leg: 'caller', url: `https://example.com/${i}` }))
    ],
    rang: [],
    bridged: [],
    requests: 1
  }
  const root = parseXml(flowSvg(transcript), { maxDepth: 8, instructions: 'refuse' })
  const found = texts(root).map((f) => f.text)
  t.equal(found.filter((text) => text === 'Another site').length, 80)
  t.same(inOrder(found, ['Call from +81 90 1234 5678', 'https://example.com/79', '… and 10 more steps', 'Goes on at another site']), [])
  t.notOk(found.some((text) => text.includes('https://example.com/80')))
  t.equal(attr(root, 'lang'), 'en')
})
