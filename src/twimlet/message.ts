import { Limits } from '../params/limits.js'
import type { Params } from '../params/params.js'
import { httpUrl } from '../params/urls.js'

/** "A message" in the Twimlets' sense: text to say, or an audio URL to play. */
export type Message = { kind: 'say', text: string } | { kind: 'play', url: string }

const LOOKS_LIKE_URL = /^https?:\/\//i

export function toMessage (text: string): Message | undefined {
  if (!LOOKS_LIKE_URL.test(text)) return { kind: 'say', text }
  const url = httpUrl(text)
  return url === undefined ? undefined : { kind: 'play', url }
}

/** A single message parameter as typed, for passing on; an unusable audio URL is dropped. */
export function readMessageText (params: Params, name: string): string | undefined {
  const text = params.string(name, Limits.textLength)
  if (text === undefined || toMessage(text) !== undefined) return text
  params.warn(name, 'is not a usable http(s) URL; ignored')
  return undefined
}

/** A message as a parameter value again, to carry it into the next URL of a call. */
export function messageParam (message: Message): string {
  return message.kind === 'play' ? message.url : message.text
}

export function readMessage (params: Params, name: string): Message | undefined {
  const text = readMessageText(params, name)
  return text === undefined ? undefined : toMessage(text)
}

/** A list of messages (`Message[]=...`), in order. */
export function readMessages (params: Params, name: string): Message[] {
  const messages: Message[] = []
  for (const text of params.list(name, Limits.listLength)) {
    const message = toMessage(text.slice(0, Limits.textLength))
    if (message === undefined) params.warn(name, `"${text.slice(0, 80)}" is not a usable http(s) URL; ignored`)
    else messages.push(message)
  }
  return messages
}
