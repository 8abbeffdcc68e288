import { createHash } from 'node:crypto'
import { readRound, renderQuestion, renderWrongAnswer, roundUrls, type Question } from '../src/twimlet/asking.js'
import { messageParam, readMessage, type Message } from '../src/twimlet/message.js'
import type { Params } from '../src/params/params.js'
import { asciiForm, localize, readRegion, type CountryCode, type RegionDefaults } from '../src/dialing/phone.js'
import { ConfigProblem } from '../src/params/problems.js'
import { callMatches } from '../src/dialing/callers.js'
import { parseTarget } from '../src/dialing/targets.js'
import { TwiML } from '../src/twiml/twiml.js'
import { carrySpeech, readSpeech, type Reply, type Speaking, type SpeechDefaults, type Twimlet } from '../src/twimlet/twimlet.js'
import { httpUrl, twilioUrl, withSpeech, type Links } from '../src/params/urls.js'

/** The genres of the hosted Twimlet, each served by holdmusic from the bucket of that name. */
export const GENRES: ReadonlySet<string> = new Set(['classical', 'ambient', 'electronica', 'guitars', 'rock', 'soft-rock'])
// A code is gathered with at least this many digits, as the hosted Twimlet did, for security.
const MIN_CODE_DIGITS = 3
const PASS_CODE = /^[0-9*]{1,32}$/
const NAME_LENGTH = 128

interface Music {
  typed: string
  waitUrl: string
}

interface ConferenceOptions {
  name: string | undefined
  password: string | undefined
  moderators: string[]
  music: Music | undefined
  message: Message | undefined
  speech: Speaking
  round: number
  digits: string | undefined
}

function readPassword (params: Params): string | undefined {
  const typed = params.string('Password', 64)
  if (typed === undefined) return undefined
  const password = asciiForm(typed)
  if (!PASS_CODE.test(password)) throw new ConfigProblem('TW_BAD_PASSWORD', 'Password', 'only digits and * can be keyed in')
  if (password.length < MIN_CODE_DIGITS) params.warn('Password', `shorter than ${MIN_CODE_DIGITS} digits: easy to guess, and callers must end it with #`)
  return password
}

/**
 * Moderators' numbers, in E.164 when typed in national form with a region, so later rounds need
 * no region; client: names and sip: addresses as typed.
 */
function readModerators (params: Params, region: CountryCode | undefined): string[] {
  const moderators: string[] = []
  for (const typed of params.list('Moderators')) {
    const target = parseTarget(typed)
    if (target?.kind === 'client' || target?.kind === 'sip') {
      moderators.push(target.text)
      continue
    }
    const local = target?.kind === 'number' ? localize(target.value, region) : undefined
    if (target === undefined || local === undefined) params.warn('Moderators', `"${typed.slice(0, 80)}" is not a phone number, client: name or sip: address; ignored`)
    else if (local.kind === 'invalid') params.warn('Moderators', `"${typed.slice(0, 80)}" is not a valid phone number in ${local.region}; ignored`)
    else moderators.push(local.kind === 'e164' ? local.e164 : target.value)
  }
  return moderators
}

// A relative Music URL is a path or has a query: a bare word is a genre misspelled.
const PATH_LIKE = /[/?.]/

/**
 * A genre is served by holdmusic, which speaks (when it has no music) in the line's Language and
 * Voice; a relative URL to a twimlet of this service gets them too when it sets neither. Any
 * other URL is used as typed.
 */
function readMusic (params: Params, links: Links, speech: Speaking): Music | undefined {
  const typed = params.string('Music')
  if (typed === undefined) return undefined
  if (GENRES.has(typed.toLowerCase())) {
    const genre = typed.toLowerCase()
    return { typed: genre, waitUrl: links.to('holdmusic', carrySpeech(speech, new URLSearchParams({ Bucket: `com.twilio.music.${genre}` }))) }
  }
  const absolute = httpUrl(typed)
  if (absolute !== undefined) return { typed: absolute, waitUrl: absolute }
  const relative = PATH_LIKE.test(typed) ? twilioUrl(typed) : undefined
  if (relative !== undefined) {
    const url = withSpeech(relative, speech.carried)
    return { typed: url, waitUrl: links.typed(url) }
  }
  params.warn('Music', `"${typed.slice(0, 80)}" is neither ${[...GENRES].join(', ')} nor a URL; no hold music`)
  return undefined
}

function parse (params: Params, links: Links, defaults: SpeechDefaults & RegionDefaults): ConferenceOptions {
  if (params.has('EnableSmsNotifications')) {
    params.warn('EnableSmsNotifications', 'is not supported: it relied on the <Sms> verb, which TwiML no longer has; ignored')
  }
  const speech = readSpeech(params, defaults)
  return {
    name: params.string('Name', NAME_LENGTH),
    password: readPassword(params),
    moderators: readModerators(params, readRegion(params, defaults)),
    music: readMusic(params, links, speech),
    message: readMessage(params, 'Message'),
    speech,
    round: readRound(params),
    digits: params.has('Digits') ? (params.raw('Digits') ?? '').trim() : undefined
  }
}

/**
 * The hosted Twimlet named an unnamed room after Message + Moderators, so every line with the
 * same settings shared one room; the line's own number now keeps lines apart. On calls the line
 * places (outbound), its number is From: everyone called into the room gets the same one.
 */
function derivedName (params: Params, options: ConferenceOptions): string {
  const outbound = params.string('Direction')?.startsWith('outbound') ?? false
  const line = (outbound ? params.string('From') ?? params.string('Caller') : params.string('To') ?? params.string('Called')) ?? ''
  const message = options.message === undefined ? '' : messageParam(options.message)
  const hash = createHash('sha256').update(JSON.stringify([line, message, options.moderators])).digest('hex').slice(0, 12)
  return `${/^\+?\d{2,20}$/.test(line) ? line : 'conference'}-${hash}`
}

/** Everything the conference needs again when the caller keys in the code. */
function settings (options: ConferenceOptions): URLSearchParams {
  const query = new URLSearchParams()
  if (options.name !== undefined) query.set('Name', options.name)
  if (options.password !== undefined) query.set('Password', options.password)
  for (const moderator of options.moderators) query.append('Moderators[]', moderator)
  if (options.music !== undefined) query.set('Music', options.music.typed)
  if (options.message !== undefined) query.set('Message', messageParam(options.message))
  return carrySpeech(options.speech, query)
}

function renderJoin (params: Params, options: ConferenceOptions): TwiML {
  // With no moderators every arrival starts the conference, which is Twilio's default.
  const moderator = options.moderators.length === 0 ? undefined : callMatches(params, options.moderators)
  const attributes = {
    startConferenceOnEnter: moderator,
    waitUrl: options.music?.waitUrl,
    // GET, as the hosted Twimlet did: static audio files and TwiML often refuse POST.
    waitMethod: options.music === undefined ? undefined : 'GET'
  }
  return new TwiML(options.speech)
    .message(options.message ?? { kind: 'say', text: options.speech.messages.conferenceWelcome })
    .dial({}, (dial) => dial.noun('Conference', options.name ?? derivedName(params, options), attributes))
}

/** Asks for the pass code when there is one, then puts the caller in the conference room. */
export const conference: Twimlet = {
  name: 'conference',
  pure: true,
  params: ['Name', 'Password', 'Moderators', 'Music', 'Message', 'EnableSmsNotifications', 'Region', 'Language', 'Voice'],
  handle ({ params, links, services }): Reply {
    const options = parse(params, links, services.config)
    if (options.password === undefined || options.digits === options.password) {
      return { stage: 'join', twiml: renderJoin(params, options) }
    }
    const asking: Question = {
      gather: { numDigits: Math.max(MIN_CODE_DIGITS, options.password.length) },
      prompt: { kind: 'say', text: options.speech.messages.conferencePassCode },
      at: roundUrls(links, 'conference', settings(options)),
      round: options.round,
      goodbye: options.speech.messages.goodbye
    }
    const twiml = new TwiML(options.speech)
    if (options.digits === undefined) return { stage: 'pass-code', twiml: renderQuestion(twiml, asking) }
    return { stage: 'wrong-pass-code', twiml: renderWrongAnswer(twiml, asking, { kind: 'say', text: options.speech.messages.conferenceWrongPassCode }) }
  }
}
