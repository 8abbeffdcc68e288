import { readMessages, type Message } from '../src/message.js'
import type { Params } from '../src/params.js'
import { TwiML, type Speech } from '../src/twiml.js'
import { readSpeech, type Reply, type Twimlet } from '../src/twimlet.js'

interface MessageOptions {
  messages: Message[]
  speech: Speech
}

function parse (params: Params): MessageOptions {
  return { messages: readMessages(params, 'Message'), speech: readSpeech(params) }
}

/** Says or plays each message in order; with none, an empty document (the call goes on). */
export const message: Twimlet = {
  name: 'message',
  pure: true,
  params: ['Message', 'Language', 'Voice'],
  handle ({ params }): Reply {
    const options = parse(params)
    const twiml = new TwiML(options.speech)
    for (const each of options.messages) twiml.message(each)
    return { stage: options.messages.length === 0 ? 'empty' : 'message', twiml }
  }
}
