import { story, type Heard, type Rung, type Step, type Story, type StoryOptions } from './story.js'
import type { Transcript } from './transcript.js'
import { readableNumber } from './url-label.js'
import { wordsFor, type Words } from './words.js'

export interface SummaryOptions extends StoryOptions {
  /** The language to tell it in: `en` (the default) or `ja`. */
  lang?: string | undefined
}

const MAX_QUOTE = 80
/** What a caller heard instead of the call is worth reading whole. */
const MAX_SPOKEN = 200
const MAX_MESSAGE = 160

export function clipped (text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export function quoted (words: Words, text: string, max = MAX_QUOTE): string {
  return words.quote(clipped(text, max))
}

export function heardText (words: Words, items: readonly Heard[], max = MAX_QUOTE): string {
  return items.map((item) => ('say' in item ? quoted(words, item.say, max) : words.audio(item.play.text))).join(words.and)
}

/** How a dialed phone's part ended, with how long the caller talked to it. */
export function rungResult (words: Words, rung: Rung): string {
  const result = rung.result === 'screened-out' && rung.machine ? words.boxScreenedOut : words.results[rung.result]
  return rung.talked === undefined ? result : `${result}${words.and}${words.connectedFor(words.seconds(rung.talked))}`
}

export function pressedText (words: Words, step: Extract<Step, { kind: 'press' }>): string {
  if (step.digits === undefined) return words.pressedNothing
  const pressed = words.pressed(step.digits)
  return step.valid ? pressed : words.aside(pressed, words.notAnOption)
}

function recordText (words: Words, step: Extract<Step, { kind: 'record' }>): string {
  if (step.mail !== undefined) return words.voicemail(words.mail(step.mail.to, words.transcripts[step.mail.transcript]))
  return step.seconds === 0 ? words.noMessage : words.recorded(words.seconds(step.seconds))
}

/** One step as a clause of the summary; dials and twimlets gone to are joined by the caller. */
function clause (words: Words, step: Exclude<Step, { kind: 'dial' | 'open' }>): string {
  switch (step.kind) {
    case 'press': return pressedText(words, step)
    case 'heard': return words.said(heardText(words, step.items))
    case 'music': {
      const said = step.items.filter((item) => 'say' in item)
      return words.holdMusic(step.items.length - said.length, said.length === 0 ? undefined : heardText(words, said.slice(0, 1)))
    }
    case 'conference': return words.conference(quoted(words, step.name), step.started)
    case 'queue': return words.queue(quoted(words, step.name))
    case 'record': return recordText(words, step)
    case 'restricted': return words.restricted(quoted(words, step.spoken, MAX_SPOKEN))
    case 'problem': return words.problem(quoted(words, step.spoken, MAX_SPOKEN))
    case 'reject': return words.rejected(step.reason)
    case 'external': return words.external(step.url.text)
    case 'loop': return words.loop(step.url.text)
    case 'error': return words.error(step.code, clipped(step.message, MAX_MESSAGE))
  }
}

function capitalized (text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * The call in a sentence: who rang and how each answered, what was pressed and where that
 * went, and how it ended (voicemail and its e-mail, a conference, an error). Consecutive dials
 * (findme's numbers one after another) are one list.
 */
export function summaryOf (told: Story, words: Words): string {
  const clauses: string[] = []
  let rang: Rung[] = []
  let via: string | undefined
  const add = (text: string): void => {
    clauses.push(via === undefined ? text : words.wentTo(via, text))
    via = undefined
  }
  const flushRang = (): void => {
    if (rang.length > 0) add(words.rang(rang.map((r) => words.aside(readableNumber(r.target), rungResult(words, r))).join(words.and)))
    rang = []
  }
  told.steps.forEach((step, i) => {
    if (step.kind === 'dial') {
      rang.push(...step.rang)
      return
    }
    flushRang()
    if (step.kind === 'open') {
      // Only where keys chose it does the twimlet gone to say more than its own steps do.
      const before = told.steps[i - 1]
      if (before?.kind === 'press' && before.digits !== undefined) via = step.url.text
      return
    }
    add(clause(words, step))
  })
  flushRang()
  if (via !== undefined) clauses.push(via)
  return capitalized(clauses.length === 0 ? words.nothing : clauses.join(words.then))
}

/** The summary of a simulated call, in the language asked for (English by default). */
export function summarize (transcript: Transcript, options: SummaryOptions = {}): string {
  return summaryOf(story(transcript, options), wordsFor(options.lang))
}
