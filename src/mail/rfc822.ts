import type { Transporter } from 'nodemailer'
import type { Sender } from './address.js'

/** What a notification says; the outbox adds sender, date and Message-ID. */
export interface Content {
  to: string
  subject: string
  text: string
  html: string
}

export interface Stamp {
  from: Sender
  messageId: string
  date: Date
}

// Builds messages only: nothing is sent through this transport. Loaded with the first message,
// so the service starts without it (about 50 ms).
let composer: Promise<Transporter> | undefined
async function compose (): Promise<Transporter> {
  composer ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }))
  return await composer
}

/** The finished message text. Header values are encoded by nodemailer, never concatenated. */
export async function renderMessage (content: Content, stamp: Stamp): Promise<string> {
  const info = await (await compose()).sendMail({
    from: stamp.from.name === undefined ? stamp.from.address : { name: stamp.from.name, address: stamp.from.address },
    to: content.to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: stamp.messageId,
    date: stamp.date
  })
  return info.message.toString('utf8')
}
