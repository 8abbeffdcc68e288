import { CATALOGS } from '../i18n/messages.js'
import { Problems, type ProblemCode } from '../params/problems.js'
import { phoneKey } from '../dialing/targets.js'
import { serviceBase } from './http.js'
import type { Party } from './script.js'
import type { CallResult, SimEvent, Transcript } from './transcript.js'
import { urlLabel, type UrlLabel } from './url-label.js'

/** How one dialed phone's part went, as the caller would put it. */
export type RingResult = 'busy' | 'no-answer' | 'failed' | 'answered' | 'accepted' | 'machine' | 'screened-out' | 'canceled' | 'not-reached'

export interface Rung {
  /** As written in the <Dial>. */
  target: string
  result: RingResult
  /** Seconds after the dial started when it answered, was busy or failed. */
  after: number | undefined
  /** What the person keyed at the screening prompt. */
  pressed: string | undefined
  /** Seconds the caller talked to it. */
  talked: number | undefined
  /** A voicemail box, as the script says (a box that is screened out looks like a silent person). */
  machine: boolean
}

/** What became of the e-mail of a voicemail: its transcript in it, on its way, or none. */
export type MailTranscript = 'included' | 'pending' | 'none' | 'refused'

/** Something the caller heard: text said, or audio played. */
export type Heard = { say: string } | { play: UrlLabel }

/** One step of the call, seen from the caller's side. */
export type Step =
  | { kind: 'open', url: UrlLabel }
  | { kind: 'dial', timeout: number, rang: Rung[] }
  | { kind: 'press', digits: string | undefined, prompt: Heard[], valid: boolean }
  | { kind: 'heard', items: Heard[] }
  | { kind: 'music', items: Heard[] }
  | { kind: 'conference', name: string, started: boolean, tracks: number }
  | { kind: 'queue', name: string }
  | { kind: 'record', seconds: number, mail: { to: string, transcript: MailTranscript, reason?: string | undefined } | undefined }
  | { kind: 'restricted', spoken: string }
  | { kind: 'problem', code: ProblemCode | undefined, spoken: string }
  | { kind: 'reject', reason: string }
  | { kind: 'external', url: UrlLabel }
  | { kind: 'loop', url: UrlLabel }
  | { kind: 'error', code: string, message: string }

export interface Story {
  /** The caller's number, as Twilio sent it. */
  from: string | undefined
  steps: Step[]
  result: CallResult
}

export interface StoryOptions {
  /** The script's parties, to tell a voicemail box from a person (the transcript cannot). */
  parties?: ReadonlyMap<string, Party> | undefined
}

/** The leg of Twilio's transcription callback (src/simulator/verbs.ts). */
const TRANSCRIPTION = 'transcription'

type Spoken = { kind: 'problem', code: ProblemCode | undefined } | { kind: 'restricted' } | { kind: 'invalid' } | { kind: 'stock' }

/**
 * The service's own sentences in every language, known once: a configuration problem or a
 * refusal is a step of its own; greetings and good-byes say nothing a summary needs.
 */
const SPOKEN: ReadonlyMap<string, Spoken> = (() => {
  const known = new Map<string, Spoken>()
  for (const [code, text] of Object.entries(Problems)) known.set(text, { kind: 'problem', code: code as ProblemCode })
  for (const catalog of CATALOGS.values()) {
    for (const [code, text] of Object.entries(catalog.problems)) known.set(text, { kind: 'problem', code: code as ProblemCode })
    known.set(catalog.apology, { kind: 'problem', code: undefined })
    known.set(catalog.noHoldMusic, { kind: 'problem', code: undefined })
    known.set(catalog.restricted, { kind: 'restricted' })
    known.set(catalog.invalidOption, { kind: 'invalid' })
    for (const text of [catalog.voicemailGreeting, catalog.voicemailThanks, catalog.goodbye, catalog.conferenceWelcome, catalog.holdMusicBack]) {
      known.set(text, { kind: 'stock' })
    }
  }
  return known
})()

// The sandbox's notes on voicemail's e-mail (src/simulator/sandbox.ts).
const MAIL_QUEUED = /^simulation: (replacing the waiting one, )?e-mail to (.+?), ".*"(, held until the transcription arrives)?; not sent$/s
const MAIL_REFUSED = /^simulation: this service would refuse the e-mail to (.+?), ".*": (.+)$/s

function isMachine (target: string, parties: ReadonlyMap<string, Party> | undefined): boolean {
  if (parties === undefined) return false
  const key = phoneKey(target)
  for (const [typed, party] of parties) {
    if (party.outcome === 'voicemail' && (typed === target || (key !== '' && phoneKey(typed) === key))) return true
  }
  return false
}

function transcribed (form: Record<string, string>): boolean {
  return form.TranscriptionStatus === 'completed' && (form.TranscriptionText ?? '').trim() !== ''
}

/** Where voicemail sends a message, from its URL: what it does when the service does not say. */
function mailOf (page: UrlLabel | undefined): { to: string, transcript: MailTranscript } | undefined {
  const to = page?.twimlet === 'voicemail' ? page.params.find(([name]) => name === 'Email')?.[1] : undefined
  return to === undefined ? undefined : { to, transcript: 'none' }
}

function twimletOf (url: UrlLabel): string {
  return url.twimlet ?? url.text
}

/** Reads a transcript into the steps a person would tell. */
class Teller {
  readonly steps: Step[] = []
  readonly #base: string
  /** What the caller heard in the current document, not yet part of a step. */
  #heard: Heard[] = []
  #twimlet: string | undefined
  /** The twimlet URL the caller's current document came from. */
  #page: UrlLabel | undefined
  #dial: Extract<Step, { kind: 'dial' }> | undefined
  #press: Extract<Step, { kind: 'press' }> | undefined
  #record: Extract<Step, { kind: 'record' }> | undefined
  #screened = new Set<string>()

  constructor (transcript: Transcript, readonly options: StoryOptions) {
    this.#base = serviceBase(transcript.url)
  }

  #label (url: string): UrlLabel {
    return urlLabel(url, this.#base)
  }

  #push (step: Step): void {
    if (step.kind !== 'heard' && step.kind !== 'music') this.#flush()
    this.steps.push(step)
  }

  /** What was heard and not asked about is a step of its own: the message said. */
  #flush (): void {
    if (this.#heard.length === 0) return
    const items = this.#heard
    this.#heard = []
    this.steps.push({ kind: 'heard', items })
  }

  #last<K extends Step['kind']> (kind: K): Extract<Step, { kind: K }> | undefined {
    const step = this.steps.at(-1)
    return step?.kind === kind ? step as Extract<Step, { kind: K }> : undefined
  }

  #rung (target: string): Rung | undefined {
    return this.#dial?.rang.find((r) => r.target === target && r.result === 'not-reached') ??
      this.#dial?.rang.find((r) => r.target === target)
  }

  #request (event: Extract<SimEvent, { type: 'request' }>): void {
    for (const note of event.notes ?? []) this.#note(note, event.form)
    if (event.leg === 'caller') {
      this.#flush()
      const url = this.#label(event.url)
      const twimlet = twimletOf(url)
      if (this.#twimlet !== undefined && twimlet !== this.#twimlet) this.#push({ kind: 'open', url })
      this.#twimlet = twimlet
      this.#page = url
    } else if (event.leg === TRANSCRIPTION && (event.notes ?? []).length === 0 && this.#record?.mail !== undefined && transcribed(event.form)) {
      // A service that does not say what it did (over the network): voicemail mails the transcript.
      this.#record.mail.transcript = 'included'
    } else if (this.#dial?.rang.some((r) => r.target === event.leg) === true) {
      this.#screened.add(event.leg)
    }
  }

  #note (note: string, form: Record<string, string>): void {
    const record = this.#record
    if (record === undefined) return
    const refused = MAIL_REFUSED.exec(note)
    if (refused !== null) {
      record.mail = { to: refused[1] ?? '', transcript: 'refused', reason: refused[2] }
      return
    }
    const queued = MAIL_QUEUED.exec(note)
    if (queued === null) return
    const transcript: MailTranscript = queued[1] !== undefined ? (transcribed(form) ? 'included' : 'none') : queued[3] !== undefined ? 'pending' : 'none'
    record.mail = { to: queued[2] ?? '', transcript }
  }

  #said (event: Extract<SimEvent, { type: 'say' }>): void {
    const known = SPOKEN.get(event.text)
    switch (known?.kind) {
      case 'problem': return this.#push({ kind: 'problem', code: known.code, spoken: event.text })
      case 'restricted': return this.#push({ kind: 'restricted', spoken: event.text })
      case 'invalid': {
        if (this.#press !== undefined) this.#press.valid = false
        return
      }
      case 'stock': return
      default: this.#heard.push({ say: event.text })
    }
  }

  #callee (event: SimEvent): void {
    const rung = this.#rung(event.leg)
    if (rung === undefined) return
    switch (event.type) {
      case 'ring':
        rung.after = event.result === 'canceled' ? undefined : event.after
        rung.result = event.result === 'answered' ? (this.#screened.has(rung.target) ? 'accepted' : 'answered') : event.result
        break
      case 'gather':
        rung.pressed = event.digits
        break
      case 'bridged':
        rung.talked = event.seconds
        rung.result = event.machine ? 'machine' : this.#screened.has(rung.target) ? 'accepted' : 'answered'
        break
      case 'screened-out':
        rung.result = 'screened-out'
        rung.machine = isMachine(rung.target, this.options.parties)
        break
      default:
        break
    }
  }

  read (event: SimEvent): void {
    if (event.type === 'request') return this.#request(event)
    // An error on any leg (a screening document, Twilio's callbacks) is the caller's to hear of.
    if (event.type === 'error') return this.#push({ kind: 'error', code: event.code, message: event.message })
    if (event.leg !== 'caller') {
      if (event.type === 'play' && event.leg !== TRANSCRIPTION) {
        const room = this.#last('conference')
        if (room !== undefined) room.tracks++
      }
      return this.#callee(event)
    }
    switch (event.type) {
      case 'say': return this.#said(event)
      case 'play':
        this.#heard.push({ play: this.#label(event.url) })
        return
      case 'gather': {
        this.#press = { kind: 'press', digits: event.digits, prompt: this.#heard, valid: true }
        this.#heard = []
        return this.#push(this.#press)
      }
      case 'dial':
        this.#screened = new Set()
        this.#dial = {
          kind: 'dial',
          timeout: event.timeout,
          rang: event.targets.map((target) => ({ target, result: 'not-reached', after: undefined, pressed: undefined, talked: undefined, machine: false }))
        }
        return this.#push(this.#dial)
      case 'conference': return this.#push({ kind: 'conference', name: event.name, started: event.startsOnEnter, tracks: 0 })
      case 'queue': return this.#push({ kind: 'queue', name: event.name })
      case 'record':
        this.#heard = []
        this.#record = { kind: 'record', seconds: event.seconds, mail: event.seconds === 0 ? undefined : mailOf(this.#page) }
        return this.#push(this.#record)
      case 'reject': return this.#push({ kind: 'reject', reason: event.reason })
      case 'external': return this.#push({ kind: 'external', url: this.#label(event.url) })
      case 'loop': {
        // Audio played, then the same document again: hold music, for as long as the caller waits.
        if (this.#heard.some((item) => 'play' in item)) {
          const items = this.#heard
          this.#heard = []
          return this.#push({ kind: 'music', items })
        }
        return this.#push({ kind: 'loop', url: this.#label(event.url) })
      }
      default: break
    }
  }

  end (): Step[] {
    this.#flush()
    return this.steps
  }
}

/** The steps of a simulated call from the caller's side: the base of its summary and its picture. */
export function story (transcript: Transcript, options: StoryOptions = {}): Story {
  const teller = new Teller(transcript, options)
  for (const event of transcript.events) teller.read(event)
  const first = transcript.events.find((e) => e.type === 'request')
  return { from: first?.type === 'request' ? first.form.From : undefined, steps: teller.end(), result: transcript.result }
}
