import { join } from 'node:path'
import type { Transporter } from 'nodemailer'
import { writeDurably } from './files.js'

export interface Envelope {
  from: string
  to: string[]
}

/** One finished message: the SMTP envelope, the RFC 5322 text, and a stable file-safe name. */
export interface Parcel {
  envelope: Envelope
  raw: string
  name: string
}

/** Where mail goes: an SMTP server, or .eml files when there is none. */
export interface Transport {
  /** For logs; never holds credentials. */
  readonly description: string
  /** True when mail leaves this machine, which is what the recipient policy cares about. */
  readonly external: boolean
  /** Resolves once the message is accepted, with where it went; rejects otherwise. */
  send: (parcel: Parcel) => Promise<string>
  close: () => void
}

// A server that accepts a connection and then stalls must not hold a delivery (or shutdown)
// for nodemailer's default ten minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

/** smtp://host:port without user name or password. */
export function describeSmtpUrl (url: string): string {
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}`
}

export function smtpTransport (url: string): Transport {
  // nodemailer is loaded with the first message, not at start-up.
  let mailer: Promise<Transporter> | undefined
  let opened: Transporter | undefined
  return {
    description: `SMTP ${describeSmtpUrl(url)}`,
    external: true,
    async send (parcel) {
      mailer ??= import('nodemailer').then(({ default: nodemailer }) => { opened = nodemailer.createTransport({ url, ...TIMEOUTS }); return opened })
      const info = await (await mailer).sendMail({ envelope: { from: parcel.envelope.from, to: parcel.envelope.to }, raw: parcel.raw })
      return String(info.response)
    },
    close () { opened?.close() }
  }
}

/** With no SMTP server, each message becomes `<dir>/<name>.eml`; a repeat overwrites it. */
export function fileTransport (dir: string): Transport {
  return {
    description: `files in ${dir}`,
    external: false,
    async send (parcel) {
      const path = join(dir, `${parcel.name}.eml`)
      await writeDurably(path, parcel.raw)
      return path
    },
    close () {}
  }
}

const REFUSED_MESSAGE = new Set(['EENVELOPE', 'EMESSAGE'])

/**
 * True when the server refused this message for good (a 5xx for its recipient or content).
 * Anything else, a 5xx for bad credentials included, is worth another try: the operator can
 * fix the setting and the message is still there.
 */
export function isPermanent (error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, responseCode } = error as { code?: unknown, responseCode?: unknown }
  return typeof code === 'string' && REFUSED_MESSAGE.has(code) &&
    typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600
}
