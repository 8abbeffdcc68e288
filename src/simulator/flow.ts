import { XmlWriter } from '../twiml/xml-writer.js'
import { story, type Rung, type Step, type Story } from './story.js'
import { clipped, heardText, pressedText, quoted, summaryOf, type SummaryOptions } from './summary.js'
import type { CallResult, Transcript } from './transcript.js'
import { readableNumber } from './url-label.js'
import { wordsFor, type Words } from './words.js'

/** What a step's colour says; every colour comes with its words too. */
type Tone = 'good' | 'warn' | 'muted' | 'bad' | 'info'

const TONES: Readonly<Record<Tone, { stroke: string, fill: string }>> = {
  good: { stroke: '#1b7f3b', fill: '#e7f5eb' },
  warn: { stroke: '#a35a00', fill: '#fff3df' },
  muted: { stroke: '#5f6672', fill: '#f1f2f4' },
  bad: { stroke: '#b42318', fill: '#fdecea' },
  info: { stroke: '#1f4fd1', fill: '#edf1fd' }
}

const RESULT_TONES: Readonly<Record<Rung['result'], Tone>> = {
  answered: 'good',
  accepted: 'good',
  machine: 'good',
  busy: 'warn',
  'no-answer': 'warn',
  'screened-out': 'warn',
  failed: 'bad',
  canceled: 'muted',
  'not-reached': 'muted'
}

const END_TONES: Readonly<Record<CallResult, Tone>> = { completed: 'muted', rejected: 'warn', external: 'info', loop: 'muted', error: 'bad' }

/** Sized for a phone held upright: one column, 360 px wide. */
const WIDTH = 360
const MARGIN = 12
const PAD = 10
const STRIPE = 5
const RADIUS = 8
const TITLE = { size: 14, line: 19 }
const TEXT = { size: 13, line: 17 }
const BADGE = 11
const ARROW = 30
const ROW_GAP = 6
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Hiragino Sans", "Noto Sans JP", sans-serif'
/** Bounds on a picture: steps drawn, and lines of one text. */
const MAX_BLOCKS = 80
const MAX_LINES = 6
const MAX_TEXT = 400

interface Row {
  title: string
  badge: string | undefined
  lines: string[]
  tone: Tone
}

interface Block extends Row {
  rows: Row[]
}

/** Wide characters (CJK, fullwidth forms) take about a square; the rest a little over half. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/

function widthOf (text: string, size: number): number {
  let width = 0
  for (const char of text) width += WIDE.test(char) ? size : size * 0.6
  return width
}

/**
 * Breaks text into lines that fit: at spaces, after the slashes and separators of a URL, or
 * anywhere in wide text or a word too long to fit.
 */
function wrap (text: string, width: number, size: number): string[] {
  const tokens = clipped(text, MAX_TEXT).match(/[^\s/?&=]+[/?&=]*\s*|[/?&=]+\s*|\s+/g) ?? []
  const lines: string[] = []
  let line = ''
  const put = (piece: string): void => {
    if (line !== '' && widthOf((line + piece).trimEnd(), size) > width) {
      lines.push(line.trimEnd())
      line = piece.trimStart()
    } else {
      line += piece
    }
  }
  for (const token of tokens) {
    if (widthOf(token.trimEnd(), size) <= width && !WIDE.test(token)) put(token)
    else for (const char of token) put(char)
  }
  if (line.trim() !== '') lines.push(line.trimEnd())
  if (lines.length <= MAX_LINES) return lines
  return [...lines.slice(0, MAX_LINES - 1), `${lines[MAX_LINES - 1] ?? ''}…`]
}

function rowOf (words: Words, rung: Rung): Row {
  const details: string[] = []
  if (rung.after !== undefined) details.push(words.after(words.seconds(rung.after)))
  if (rung.pressed !== undefined) details.push(words.pressed(rung.pressed))
  if (rung.talked !== undefined) details.push(words.connectedFor(words.seconds(rung.talked)))
  const badge = rung.result === 'screened-out' && rung.machine ? words.boxScreenedOut : words.results[rung.result]
  return { title: readableNumber(rung.target), badge, lines: details.length === 0 ? [] : [details.join(words.and)], tone: RESULT_TONES[rung.result] }
}

function blockOf (words: Words, step: Step): Block {
  const titles = words.flow
  const block = (title: string, tone: Tone, lines: string[], badge?: string): Block => ({ title, tone, lines, badge, rows: [] })
  switch (step.kind) {
    case 'open': return block(titles.wentTo, 'info', [step.url.text])
    case 'dial': return { ...block(titles.ringing(words.seconds(step.timeout)), 'info', []), rows: step.rang.map((rung) => rowOf(words, rung)) }
    case 'press': {
      const lines = step.prompt.length === 0 ? [] : [heardText(words, step.prompt, MAX_TEXT)]
      return block(titles.press, step.valid && step.digits !== undefined ? 'info' : 'warn', [...lines, pressedText(words, step)], step.digits)
    }
    case 'heard': return block(titles.heard, 'info', step.items.map((item) => heardText(words, [item], MAX_TEXT)))
    case 'music': return block(titles.music, 'muted', [words.holdMusic(step.items.filter((item) => 'play' in item).length, undefined)])
    case 'conference': {
      const lines = [words.conference(quoted(words, step.name), step.started)]
      if (step.tracks > 0) lines.push(words.holdMusic(step.tracks, undefined))
      return block(titles.conference, step.started ? 'good' : 'warn', lines)
    }
    case 'queue': return block(titles.queue, 'muted', [words.queue(quoted(words, step.name))])
    case 'record': {
      const lines = [step.seconds === 0 ? words.noMessage : words.recorded(words.seconds(step.seconds))]
      if (step.mail !== undefined) lines.push(words.mail(step.mail.to, words.transcripts[step.mail.transcript]))
      if (step.mail?.reason !== undefined) lines.push(step.mail.reason)
      const tone: Tone = step.mail?.transcript === 'refused' ? 'bad' : step.seconds === 0 ? 'muted' : 'good'
      return block(step.mail === undefined ? titles.recording : titles.voicemail, tone, lines)
    }
    case 'restricted': return block(titles.restricted, 'warn', [quoted(words, step.spoken, MAX_TEXT)])
    case 'problem': return block(titles.problem, 'bad', [quoted(words, step.spoken, MAX_TEXT)], step.code)
    case 'reject': return block(titles.rejected, 'warn', [words.rejected(step.reason)])
    case 'external': return block(titles.external, 'info', [words.external(step.url.text)])
    case 'loop': return block(titles.loop, 'muted', [words.loop(step.url.text)])
    case 'error': return block(titles.error, 'bad', [step.message], step.code)
  }
}

interface Placed {
  titleLines: string[]
  /** A badge too wide to stand beside the title goes on a line of its own below it. */
  badgeBelow: boolean
  lines: string[]
  height: number
}

/** Lays out a row or block's own text inside `width`: its title beside its badge, then its lines. */
function place (row: Row, width: number): Placed {
  const badgeWidth = row.badge === undefined ? 0 : widthOf(row.badge, BADGE) + PAD
  const badgeBelow = badgeWidth > 0 && widthOf(row.title, TITLE.size) + badgeWidth > width
  const titleLines = wrap(row.title, badgeBelow ? width : width - badgeWidth, TITLE.size)
  const lines = row.lines.flatMap((line) => wrap(line, width, TEXT.size))
  const height = PAD * 2 + titleLines.length * TITLE.line + (lines.length + (badgeBelow ? 1 : 0)) * TEXT.line
  return { titleLines, badgeBelow, lines, height }
}

class Drawing {
  readonly #xml = new XmlWriter()
  readonly #body: Array<() => void> = []
  #y = MARGIN

  /** A box of a step, with its rows (the dialed phones) inside it. */
  block (block: Block): void {
    const x = MARGIN
    const width = WIDTH - MARGIN * 2
    const inner = width - PAD * 2 - STRIPE
    const own = place(block, inner)
    const rows = block.rows.map((row) => ({ row, placed: place(row, inner - PAD * 2 - STRIPE) }))
    const height = own.height + rows.reduce((sum, { placed }) => sum + placed.height + ROW_GAP, 0)
    const top = this.#y
    this.#body.push(() => {
      this.#xml.start('g')
      this.#box(x, top, width, height, block, own)
      let y = top + own.height - PAD
      for (const { row, placed } of rows) {
        this.#box(x + PAD + STRIPE, y, width - PAD * 2 - STRIPE, placed.height, row, placed)
        y += placed.height + ROW_GAP
      }
      this.#xml.end()
    })
    this.#y += height
  }

  arrow (): void {
    const top = this.#y
    const x = WIDTH / 2
    this.#body.push(() => {
      this.#xml.start('line', [['x1', String(x)], ['y1', String(top + 2)], ['x2', String(x)], ['y2', String(top + ARROW - 9)], ['stroke', '#5f6672'], ['stroke-width', '2']]).end()
      this.#xml.start('path', [['d', `M ${x - 6} ${top + ARROW - 10} L ${x + 6} ${top + ARROW - 10} L ${x} ${top + ARROW - 2} Z`], ['fill', '#5f6672']]).end()
    })
    this.#y += ARROW
  }

  #text (x: number, y: number, text: string, attributes: Array<[string, string]>): void {
    this.#xml.start('text', [['x', String(x)], ['y', String(y)], ...attributes]).text(text).end()
  }

  #box (x: number, y: number, width: number, height: number, row: Row, placed: Placed): void {
    const tone = TONES[row.tone]
    this.#xml.start('rect', [['x', String(x)], ['y', String(y)], ['width', String(width)], ['height', String(height)], ['rx', String(RADIUS)],
      ['fill', tone.fill], ['stroke', tone.stroke], ['stroke-width', '1.5']]).end()
    this.#xml.start('rect', [['x', String(x + 2)], ['y', String(y + RADIUS)], ['width', String(STRIPE - 1)], ['height', String(Math.max(height - RADIUS * 2, 1))],
      ['rx', '2'], ['fill', tone.stroke]]).end()
    const left = x + PAD + STRIPE
    let line = y + PAD + TITLE.size
    const badge: Array<[string, string]> = [['font-size', String(BADGE)], ['font-weight', '700'], ['fill', tone.stroke]]
    for (const [i, title] of placed.titleLines.entries()) {
      this.#text(left, line, title, [['font-size', String(TITLE.size)], ['font-weight', '600'], ['fill', '#111827']])
      if (i === 0 && row.badge !== undefined && !placed.badgeBelow) this.#text(x + width - PAD, line, row.badge, [['text-anchor', 'end'], ...badge])
      line += TITLE.line
    }
    line += TEXT.size - TITLE.size
    if (row.badge !== undefined && placed.badgeBelow) {
      this.#text(left, line, row.badge, badge)
      line += TEXT.line
    }
    for (const text of placed.lines) {
      this.#text(left, line, text, [['font-size', String(TEXT.size)], ['fill', '#1f2937']])
      line += TEXT.line
    }
  }

  finish (title: string, lang: string): string {
    const height = this.#y + MARGIN
    this.#xml.start('svg', [['xmlns', 'http://www.w3.org/2000/svg'], ['width', String(WIDTH)], ['height', String(height)], ['viewBox', `0 0 ${WIDTH} ${height}`],
      ['role', 'img'], ['aria-labelledby', 'flow-title'], ['lang', lang], ['font-family', FONT]])
    this.#xml.start('title', [['id', 'flow-title']]).text(title).end()
    this.#xml.start('rect', [['width', String(WIDTH)], ['height', String(height)], ['fill', '#ffffff']]).end()
    for (const draw of this.#body) draw()
    return this.#xml.finish()
  }
}

/** The call as a picture: one box a step, top to bottom, from the caller to how the call ended. */
export function flowOf (told: Story, words: Words): string {
  const drawing = new Drawing()
  const from = told.from === undefined || told.from === '' ? undefined : readableNumber(told.from)
  const blocks = told.steps.slice(0, MAX_BLOCKS).map((step) => blockOf(words, step))
  const left = told.steps.length - MAX_BLOCKS
  if (left > 0) blocks.push({ title: words.flow.more(left), badge: undefined, lines: [], tone: 'muted', rows: [] })
  blocks.unshift({ title: from === undefined ? words.flow.unknownCaller : words.flow.caller(from), badge: undefined, lines: [], tone: 'info', rows: [] })
  blocks.push({ title: words.flow.ended[told.result], badge: undefined, lines: [], tone: END_TONES[told.result], rows: [] })
  blocks.forEach((block, i) => {
    if (i > 0) drawing.arrow()
    drawing.block(block)
  })
  return drawing.finish(words.flow.title(summaryOf(told, words)), words.lang)
}

/** The picture of a simulated call: an SVG document, in the language asked for (English by default). */
export function flowSvg (transcript: Transcript, options: SummaryOptions = {}): string {
  return flowOf(story(transcript, options), wordsFor(options.lang))
}
