import type { MailTranscript, RingResult } from './story.js'
import type { CallResult } from './transcript.js'
import { en } from './words-en.js'
import { ja } from './words-ja.js'

/** The languages a simulation is told in: the builder page's. */
export const LANGS = ['en', 'ja'] as const
export type Lang = typeof LANGS[number]

/**
 * Every phrase of a simulated call's summary and picture, in one language. Each language is one
 * object of this type, so a phrase missing from any of them is a type error.
 */
export interface Words {
  lang: Lang
  /** Between the steps of the summary. */
  then: string
  /** Between the items of a list. */
  and: string
  quote: (text: string) => string
  seconds: (count: number) => string
  /** A twimlet the call went to, and what happened there. */
  wentTo: (twimlet: string, what: string) => string
  rang: (list: string) => string
  /** A note after something: `+1 415 555 1001 (busy)`. */
  aside: (text: string, note: string) => string
  results: Readonly<Record<RingResult, string>>
  /** A voicemail box, screened out: not connected. */
  boxScreenedOut: string
  connectedFor: (seconds: string) => string
  after: (seconds: string) => string
  pressed: (digits: string) => string
  pressedNothing: string
  notAnOption: string
  said: (items: string) => string
  audio: (url: string) => string
  holdMusic: (tracks: number, said: string | undefined) => string
  conference: (name: string, started: boolean) => string
  queue: (name: string) => string
  /** `mail` is written by `mail`. */
  voicemail: (mail: string) => string
  mail: (to: string, transcript: string) => string
  transcripts: Readonly<Record<MailTranscript, string>>
  recorded: (seconds: string) => string
  noMessage: string
  restricted: (heard: string) => string
  problem: (heard: string) => string
  rejected: (reason: string) => string
  external: (url: string) => string
  loop: (url: string) => string
  error: (code: string, message: string) => string
  nothing: string
  flow: {
    title: (summary: string) => string
    caller: (from: string) => string
    unknownCaller: string
    ringing: (timeout: string) => string
    heard: string
    press: string
    music: string
    conference: string
    queue: string
    voicemail: string
    recording: string
    restricted: string
    problem: string
    rejected: string
    external: string
    loop: string
    error: string
    wentTo: string
    /** Steps left out of a picture that would be too long. */
    more: (count: number) => string
    ended: Readonly<Record<CallResult, string>>
  }
}

const WORDS: Readonly<Record<Lang, Words>> = { en, ja }

/** The words for a language the page sent (`ja`, `ja-JP`); English for anything else. */
export function wordsFor (lang: string | undefined): Words {
  const code = lang?.trim().toLowerCase().split('-')[0]
  return code === 'ja' ? WORDS.ja : WORDS.en
}
