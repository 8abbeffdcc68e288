import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import type { Config } from '../config.js'
import type { HoldMusic } from '../holdmusic/library.js'
import { Drafts } from '../mail/drafts.js'
import type { Letter } from '../mail/outbox.js'
import { isVoicemailDraft } from '../mail/realtime-transcript.js'
import { recipientVerdict } from '../mail/policy.js'
import { Metrics } from '../observability/metrics.js'
import type { Services } from '../services.js'
import type { Twimlet } from '../twimlet/twimlet.js'
import { injectService, type Service } from './http.js'

const EXAMPLE_TRACKS = 3
/** Where a relative URL is taken to point in a simulation: a name that is nowhere. */
export const SANDBOX_BASE = 'http://sandbox.invalid/'

/**
 * The service as a simulation runs it: the same twimlets and the same request handling, but
 * nothing leaves the process. Voicemail's e-mail is described, not queued; holdmusic lists no
 * bucket; no signature is asked for, since the simulator is not Twilio. Everything these
 * stand-ins did is kept as notes for the transcript.
 */
export interface Sandbox {
  app: FastifyInstance
  services: Services
  /** The app as a simulated call's service, answering at `base`; each answer carries the notes. */
  service: (base: string) => Service
  /** Reads and forgets the notes. */
  notes: () => string[]
  /** Forgets everything a simulation left (notes, e-mail keys, transcripts), for the next one. */
  reset: () => Promise<void>
  close: () => Promise<void>
}

export interface SandboxOptions {
  config: Config
  twimlets: readonly Twimlet[]
  /** The moment the simulated call starts (ms since the epoch); now when not given. Its clock runs on from there. */
  at?: number | undefined
}

function clockFrom (at: number): () => number {
  const started = Date.now()
  return () => at + Date.now() - started
}

function holdmusic (notes: string[]): HoldMusic {
  return {
    async tracks (bucket) {
      notes.push(`simulation: bucket "${bucket}" is not listed; ${EXAMPLE_TRACKS} example tracks stand in for its audio`)
      const urls = Array.from({ length: EXAMPLE_TRACKS }, (_, i) => `https://s3.amazonaws.com/${encodeURIComponent(bucket)}/example-track-${i + 1}.mp3`)
      return { status: 'ok', urls }
    }
  }
}

function outbox (notes: string[], config: Config): Services['outbox'] {
  // The revision of this simulation's letter under each key, so a first letter, a replacement
  // and a duplicate are told apart as the outbox tells them.
  const revisions = new Map<string, number>()
  return {
    async enqueue (letter: Letter) {
      const verdict = recipientVerdict(letter.to, {
        external: config.smtpUrl !== undefined,
        allowed: config.voicemailAllowedRecipients,
        signed: config.authTokens.length > 0
      })
      const what = `e-mail to ${letter.to.slice(0, 254)}, "${letter.subject.slice(0, 200)}"`
      if (!verdict.allowed) {
        notes.push(`simulation: this service would refuse the ${what}: ${verdict.reason}`)
        return 'refused'
      }
      const known = revisions.get(letter.key)
      const revision = letter.revision ?? 0
      if (known !== undefined && (letter.replace !== true || revision < known)) {
        notes.push(`simulation: ${what} is a duplicate of the one already queued; not queued again`)
        return 'duplicate'
      }
      revisions.set(letter.key, revision)
      const when = letter.notBefore === undefined ? '' : ', held until the transcription arrives'
      const about = letter.transcript === undefined ? '' : `, transcript: "${letter.transcript.slice(0, 300)}"`
      const replacing = known !== undefined
      notes.push(`simulation: ${replacing ? 'replacing the waiting one, ' : ''}${what}${about}${when}; not sent`)
      return replacing ? 'replaced' : 'queued'
    }
  }
}

export async function openSandbox (options: SandboxOptions): Promise<Sandbox> {
  const notes: string[] = []
  // Its own: a simulated call's service sets where the app answers (see `service`).
  const config = { ...options.config }
  const log = { error: (_fields: object, message: string) => { notes.push(`simulation: ${message}`) } }
  // Kept in memory: the simulation writes nothing.
  const drafts = async (): Promise<Services['drafts']> => await Drafts.open({ valid: isVoicemailDraft, log })
  const services: Services = {
    config,
    holdmusic: holdmusic(notes),
    random: Math.random,
    clock: options.at === undefined ? Date.now : clockFrom(options.at),
    outbox: outbox(notes, config),
    drafts: await drafts(),
    metrics: new Metrics()
  }
  const app = await buildApp({
    // No response cache: one simulation's answers, which name its base, are not another's.
    config: { ...config, authTokens: [], rateLimitPerMinute: 0, apiRateLimitPerMinute: 0, responseCacheBytes: 0 },
    twimlets: options.twimlets,
    services: { services, close: async () => {} },
    builder: false
  })
  const drain = (): string[] => notes.splice(0, notes.length)
  return {
    app,
    services,
    service: (base) => {
      // The app answers at `base`: the URLs Twilio takes only absolute point there.
      config.publicUrl = base.replace(/\/+$/, '')
      return injectService(app, { base, notes: drain })
    },
    notes: drain,
    reset: async () => {
      drain()
      services.outbox = outbox(notes, config)
      services.drafts = await drafts()
    },
    close: async () => await app.close()
  }
}
