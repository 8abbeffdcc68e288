import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import type { MailCatalog } from '../i18n/catalog.js'
import { messages } from '../i18n/messages.js'
import { literal } from '../twiml/twiml.js'
import { nameCaller, type CallerName } from './caller.js'
import type { Content } from './rfc822.js'

/** What became of the transcription when the e-mail is written. */
export type Transcript =
  | { kind: 'text', text: string }
  | { kind: 'failed' }
  | { kind: 'off' }
  | { kind: 'out-of-range' }
  | { kind: 'late', waitedMs: number }
  /** What had arrived of a real-time transcription when the wait ended. */
  | { kind: 'partial', text: string, waitedMs: number }

export interface Voicemail {
  to: string
  /** Twilio's `From` and `To`, as sent. */
  caller: string | undefined
  called: string | undefined
  receivedAt: Date
  durationSeconds: number | undefined
  /** The recording as MP3; undefined when Twilio sent no usable URL. */
  recordingUrl: string | undefined
  transcript: Transcript
  /** IANA time zone for the times shown; the server's own when undefined. */
  timeZone?: string | undefined
  /** BCP 47 language of the e-mail, its dates and country names (MAIL_LOCALE); en-US when undefined. */
  locale?: string | undefined
}

const LOCALE = 'en-US'

// Control characters other than line breaks and tabs have no place in a transcript.
const CONTROL = /(?![\t\n\r])\p{Cc}/gu
/** Stands for the caller's number in a sentence; no number contains it. */
const NUMBER = '\u0000'

/** The sentence shown instead of a transcript; undefined shows none at all. */
function transcriptNote (transcript: Transcript, words: MailCatalog): string | undefined {
  switch (transcript.kind) {
    case 'text': return transcript.text.trim() === '' ? words.emptyTranscript : undefined
    case 'failed': return words.transcriptionFailed
    case 'out-of-range': return words.notTranscribed
    case 'late': return words.transcriptLate(duration(transcript.waitedMs, words))
    case 'partial': return transcript.text.trim() === '' ? words.transcriptLate(duration(transcript.waitedMs, words)) : words.transcriptPartial(duration(transcript.waitedMs, words))
    case 'off': return undefined
  }
}

function duration (ms: number, words: MailCatalog): string {
  return ms >= 120_000 ? words.minutes(Math.round(ms / 60_000)) : words.seconds(Math.round(ms / 1000))
}

interface Facts {
  words: MailCatalog
  locale: string
  caller: CallerName
  called: CallerName
  subject: string
  rows: Array<[label: string, value: string]>
  transcript: string | undefined
  note: string | undefined
  recordingUrl: string | undefined
}

function facts (voicemail: Voicemail): Facts {
  const locale = voicemail.locale ?? LOCALE
  const words = messages(locale).mail
  const naming = { locale, unknownCaller: words.unknownCaller }
  const caller = nameCaller(voicemail.caller, voicemail.called, naming)
  const called = nameCaller(voicemail.called, voicemail.called, naming)
  const zone = { timeZone: voicemail.timeZone }
  const short = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...zone }).format(voicemail.receivedAt)
  const long = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long', ...zone }).format(voicemail.receivedAt)
  const from = [caller.e164 !== undefined && caller.e164 !== caller.display ? caller.e164 : undefined, caller.country]
    .filter((part) => part !== undefined)
  const rows: Array<[string, string]> = [[words.from, from.length === 0 ? caller.display : `${caller.display} (${from.join(', ')})`]]
  // The recording status callback names neither number: a called number is not "an unknown caller".
  if (voicemail.called !== undefined) rows.push([words.to, called.display])
  rows.push([words.received, long])
  if (voicemail.durationSeconds !== undefined) rows.push([words.length, words.seconds(voicemail.durationSeconds)])
  const { transcript } = voicemail
  return {
    words,
    locale,
    caller,
    called,
    subject: words.subject(caller.display, short),
    rows,
    transcript: (transcript.kind === 'text' || transcript.kind === 'partial') && transcript.text.trim() !== '' ? transcript.text.replace(CONTROL, '').trim() : undefined,
    note: transcriptNote(transcript, words),
    recordingUrl: voicemail.recordingUrl
  }
}

function renderText (f: Facts): string {
  const width = Math.max(...f.rows.map(([label]) => label.length)) + 2
  const lines = [f.words.heading(f.caller.display), '', ...f.rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`), '']
  if (f.transcript !== undefined) lines.push(`${f.words.transcript}:`, f.transcript, '')
  if (f.note !== undefined) lines.push(f.note, '')
  lines.push(f.recordingUrl === undefined ? f.words.noRecording : `${f.words.listen}: ${f.recordingUrl}`, '')
  return lines.join('\n')
}

/** An element holding `text`, which stays text whatever it contains (see literal). */
function textEl (parent: XMLBuilder, name: string, text: string, attributes: Record<string, string> = {}): XMLBuilder {
  const el = parent.ele(name, Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, literal(v)])))
  el.txt(literal(text))
  return el
}

/** The HTML part, built as a tree: every value is text or an attribute, never markup. */
function renderHtml (f: Facts): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' })
  const html = doc.dtd({ name: 'html' }).ele('html', { lang: literal(f.locale) })
  const head = html.ele('head')
  head.ele('meta', { charset: 'utf-8' })
  textEl(head, 'title', f.subject)
  const body = html.ele('body', { style: 'font-family: sans-serif' })
  if (f.caller.e164 === undefined) {
    textEl(body, 'h2', f.words.heading(f.caller.display))
  } else {
    // The heading's words stand around the number, which is a link: split where it goes.
    const [before = '', after = ''] = f.words.heading(NUMBER).split(NUMBER)
    const heading = textEl(body, 'h2', before)
    textEl(heading, 'a', f.caller.display, { href: `tel:${f.caller.e164}` })
    if (after !== '') heading.txt(literal(after))
  }
  const table = body.ele('table', { cellpadding: '4' })
  for (const [label, value] of f.rows) {
    const row = table.ele('tr')
    textEl(row, 'th', label, { align: 'left' })
    textEl(row, 'td', value)
  }
  if (f.transcript !== undefined) {
    textEl(body, 'h3', f.words.transcript)
    textEl(body, 'p', f.transcript, { style: 'white-space: pre-wrap' })
  }
  if (f.note !== undefined) textEl(body.ele('p'), 'em', f.note)
  if (f.recordingUrl === undefined) textEl(body, 'p', f.words.noRecording)
  else textEl(body.ele('p'), 'a', f.words.listen, { href: f.recordingUrl })
  return doc.end({ headless: true, prettyPrint: false })
}

/** A notification, and what it says of the transcription (the transcript, or the sentence shown instead). */
export interface Composed extends Content {
  transcript: string | undefined
}

/** The notification for one voicemail: subject, plain text and HTML. */
export function composeVoicemail (voicemail: Voicemail): Composed {
  const f = facts(voicemail)
  return { to: voicemail.to, subject: f.subject, text: renderText(f), html: renderHtml(f), transcript: f.transcript ?? f.note }
}
