import { isBucketName } from '../src/holdmusic/bucket.js'
import { AUDIO_EXTENSIONS } from '../src/holdmusic/library.js'
import { Limits } from '../src/params/limits.js'
import { readMessage, type Message } from '../src/twimlet/message.js'
import type { Params } from '../src/params/params.js'
import { TwiML } from '../src/twiml/twiml.js'
import { readSpeech, type Reply, type Speaking, type SpeechDefaults, type Twimlet } from '../src/twimlet/twimlet.js'

/** Seconds of silence before asking S3 again after a failed listing. */
const RETRY_PAUSE = 20
/**
 * Tracks in one document: hours of music. A longer library is heard across documents, each
 * shuffled anew when the <Redirect/> at the end of the last one asks again.
 */
const TRACKS_PER_DOCUMENT = 50

interface HoldMusicOptions {
  bucket: string | undefined
  message: Message | undefined
  speech: Speaking
}

function parse (params: Params, defaults: SpeechDefaults): HoldMusicOptions {
  const typed = params.string('Bucket', 255)
  if (typed === undefined) params.warn('Bucket', 'missing: there is no music to play')
  const bucket = typed !== undefined && !isBucketName(typed) ? undefined : typed
  if (typed !== undefined && bucket === undefined) params.warn('Bucket', `"${typed.slice(0, 80)}" is not a valid S3 bucket name`)
  return { bucket, message: readMessage(params, 'Message'), speech: readSpeech(params, defaults) }
}

/** Fisher–Yates, drawing from `random`. */
function shuffle<T> (items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)))
    const swap = out[i] as T
    out[i] = out[j] as T
    out[j] = swap
  }
  return out
}

function renderPlaylist (tracks: readonly string[], options: HoldMusicOptions): TwiML {
  const twiml = new TwiML(options.speech)
  for (const url of tracks) {
    twiml.play(url)
    if (options.message !== undefined) twiml.message(options.message)
  }
  return twiml.redirect()
}

/** Shuffled tracks, as many as fit a document Twilio accepts (long URLs and messages take room). */
function renderMusic (urls: readonly string[], random: () => number, options: HoldMusicOptions): TwiML {
  let tracks = shuffle(urls, random).slice(0, TRACKS_PER_DOCUMENT)
  let twiml = renderPlaylist(tracks, options)
  while (tracks.length > 1 && Buffer.byteLength(twiml.toString()) > Limits.twimlBytes) {
    tracks = tracks.slice(0, Math.ceil(tracks.length / 2))
    twiml = renderPlaylist(tracks, options)
  }
  return twiml
}

/** The document ends after the sentence: a conference's waiting caller then waits in silence. */
function renderNoMusic (options: HoldMusicOptions): TwiML {
  return new TwiML(options.speech).say(options.speech.messages.noHoldMusic)
}

function renderUnavailable (options: HoldMusicOptions): TwiML {
  return new TwiML(options.speech).say(options.speech.messages.holdMusicBack).pause(RETRY_PAUSE).redirect()
}

export const holdmusic: Twimlet = {
  name: 'holdmusic',
  params: ['Bucket', 'Message', 'Language', 'Voice'],
  async handle ({ params, services }): Promise<Reply> {
    const options = parse(params, services.config)
    if (options.bucket === undefined) return { stage: 'no-bucket', twiml: renderNoMusic(options) }
    const tracks = await services.holdmusic.tracks(options.bucket)
    if (tracks.status === 'failed') {
      params.warn('Bucket', `"${options.bucket}" could not be listed: ${tracks.reason}`)
      return { stage: 'unavailable', twiml: renderUnavailable(options) }
    }
    if (tracks.status === 'unlistable') {
      params.warn('Bucket', `"${options.bucket}" cannot be listed: ${tracks.reason}`)
      return { stage: 'no-audio', twiml: renderNoMusic(options) }
    }
    if (tracks.urls.length === 0) {
      params.warn('Bucket', `"${options.bucket}" holds no audio (${AUDIO_EXTENSIONS.join(', ')})`)
      return { stage: 'no-audio', twiml: renderNoMusic(options) }
    }
    return { stage: 'music', twiml: renderMusic(tracks.urls, services.random, options) }
  }
}
