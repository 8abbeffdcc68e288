import type { Config } from '../config.js'
import { isBucketName } from '../holdmusic/bucket.js'
import { Limits } from '../params/limits.js'
import { recipientVerdict } from '../mail/policy.js'
import { Params } from '../params/params.js'
import { GENRES } from '../../twimlets/conference.js'

/** One twimlet URL of a line that moved from twimlets.com. */
export interface MovedUrl {
  twimlet: string
  /** Its query, as typed. */
  query: string
}

type Settings = Pick<Config, 'smtpUrl' | 'voicemailAllowedRecipients' | 'authTokens' | 's3Endpoint'>

const DIALING = new Set(['forward', 'simulring', 'findme', 'callme'])
/** Screened here by default; on twimlets.com only findme screened. */
const NEWLY_SCREENED = new Set(['simulring', 'callme'])

type Rule = (url: MovedUrl, params: Params, config: Settings) => string | undefined

function s3Host (config: Settings): string | undefined {
  return config.s3Endpoint === undefined ? undefined : new URL(config.s3Endpoint).host
}

/**
 * What this service does differently from twimlets.com ("Known defects of the originals" in
 * the spec), each rule saying it for the one URL it applies to, in one sentence.
 */
const RULES: readonly Rule[] = [
  ({ twimlet }, params) => NEWLY_SCREENED.has(twimlet) && !params.has('HumanCheck')
    ? `${twimlet} screens every answered phone here: the person answering must press a key, so a voicemail box that answers first no longer takes the call (HumanCheck=false turns this off).`
    : undefined,
  ({ twimlet }, params) => {
    if (twimlet !== 'findme') return undefined
    const count = params.list('PhoneNumbers', Limits.parameters).length
    if (count <= Limits.dialTargets) return undefined
    const dropped = count === Limits.dialTargets + 1 ? `number ${count} is` : `numbers ${Limits.dialTargets + 1} to ${count} are`
    return `findme dials the first ${Limits.dialTargets} of its ${count} numbers, where twimlets.com dialed the last ${Limits.dialTargets}: ${dropped} no longer dialed.`
  },
  ({ twimlet }, params) => DIALING.has(twimlet) && params.has('FailUrl')
    ? `When no one answers, ${twimlet} sends the caller to the FailUrl with a TwiML <Redirect> (a POST with the call's parameters), not an HTTP redirect, so the FailUrl must answer POST.`
    : undefined,
  ({ twimlet }, params) => twimlet === 'forward' && params.has('FailUrl')
    ? 'forward keeps the FailUrl in its <Dial> action, so an unanswered call now reaches it, where twimlets.com dropped it and hung up.'
    : undefined,
  ({ twimlet }, params, config) => {
    const email = twimlet === 'voicemail' ? params.string('Email', 320) : undefined
    if (email === undefined) return undefined
    if (config.smtpUrl === undefined) return `voicemail writes its e-mail to ${email} as a file in the outbox's mail/ folder, not sent: this service has no SMTP_URL.`
    const verdict = recipientVerdict(email, { external: true, allowed: config.voicemailAllowedRecipients, signed: config.authTokens.length > 0 })
    return verdict.allowed ? undefined : `voicemail sends no e-mail to ${email}, where twimlets.com e-mailed any address: ${verdict.reason}.`
  },
  ({ twimlet }, params, config) => {
    const bucket = twimlet === 'holdmusic' ? params.string('Bucket', 255) : undefined
    if (bucket === undefined) return undefined
    if (!isBucketName(bucket)) return `holdmusic lists only S3 buckets, where twimlets.com fetched whatever Bucket named: "${bucket.slice(0, 80)}" is no bucket name, so no music plays.`
    const host = s3Host(config)
    return host === undefined ? undefined : `holdmusic lists the bucket "${bucket}" at ${host} (S3_ENDPOINT), not at Amazon S3.`
  },
  ({ twimlet }, params, config) => {
    const music = twimlet === 'conference' ? params.string('Music')?.toLowerCase() : undefined
    const host = s3Host(config)
    return music !== undefined && GENRES.has(music) && host !== undefined
      ? `conference's ${music} hold music is listed from the bucket com.twilio.music.${music} at ${host} (S3_ENDPOINT), not at Amazon S3.`
      : undefined
  },
  ({ twimlet }, params) => twimlet === 'conference' && !params.has('Name')
    ? 'conference names a room without a Name after the line\'s own number too, so two lines with the same settings no longer share one room.'
    : undefined,
  ({ twimlet }) => twimlet === 'echo'
    ? 'echo answers only a well-formed TwiML document, rebuilt rather than repeated: any other Twiml gets a spoken configuration problem.'
    : undefined,
  (_url, _params, config) => config.authTokens.length > 0
    ? 'This service answers only requests Twilio signs with your account\'s auth token (TWILIO_AUTH_TOKEN is set), where twimlets.com answered anyone.'
    : undefined
]

/** The differences that apply to the URLs of one line, each said once, in the order of the URLs. */
export function differences (urls: readonly MovedUrl[], config: Settings): string[] {
  const said = new Set<string>()
  for (const url of urls) {
    const params = Params.fromSearch(url.query)
    for (const rule of RULES) {
      const sentence = rule(url, params, config)
      if (sentence !== undefined) said.add(sentence)
    }
  }
  return [...said]
}
