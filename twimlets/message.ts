import { readMessages, type Message } from '../src/twimlet/message.js'
import type { Params } from '../src/params/params.js'
import { TwiML } from '../src/twiml/twiml.js'
import { readSpeech, type Reply, type Speaking, type SpeechDefaults, type Twimlet } from '../src/twimlet/twimlet.js'

interface MessageOptions {
  messages: Message[]
  speech: Speaking
}

function parse (params: Params, defaults: SpeechDefaults): MessageOptions {
  return { messages: readMessages(params, 'Message'), speech: readSpeech(params, defaults) }
}

/** Says or plays each message in order; with none, an empty document (the call goes on). */
export const message: Twimlet = {
  name: 'message',
  pure: true,
  params: ['Message', 'Language', 'Voice'],
  handle ({ params, services }): Reply {
    const options = parse(params, services.config)
    const twiml = new TwiML(options.speech)
    for (const each of options.messages) twiml.message(each)
    return { stage: options.messages.length === 0 ? 'empty' : 'message', twiml }
  }
}
