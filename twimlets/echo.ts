import { Limits } from '../src/params/limits.js'
import type { Params } from '../src/params/params.js'
import { ConfigProblem } from '../src/params/problems.js'
import { TwiML } from '../src/twiml/twiml.js'
import type { Reply, Twimlet } from '../src/twimlet/twimlet.js'
import { notTwiml } from '../src/twiml/twiml-vocabulary.js'
import { parseXml, XmlError, type XmlElement } from '../src/twiml/xml.js'

// TwiML nests a few levels (Response > Dial > Client > Parameter; SSML inside Say a few more).
const MAX_DEPTH = 16

function tooLarge (text: string): boolean {
  return Buffer.byteLength(text, 'utf8') > Limits.twimlBytes
}

function readDocument (params: Params): XmlElement {
  const typed = params.raw('Twiml')?.trim() ?? ''
  if (typed === '') throw new ConfigProblem('TW_NO_TWIML', 'Twiml', 'missing')
  if (tooLarge(typed)) throw new ConfigProblem('TW_BAD_TWIML', 'Twiml', `larger than ${Limits.twimlBytes} bytes`)
  let root: XmlElement
  try {
    root = parseXml(typed, { maxDepth: MAX_DEPTH, instructions: 'refuse' })
  } catch (error) {
    if (!(error instanceof XmlError)) throw error
    throw new ConfigProblem('TW_BAD_TWIML', 'Twiml', `not a well-formed XML document: ${error.message}`)
  }
  const problem = notTwiml(root)
  if (problem !== undefined) throw new ConfigProblem('TW_BAD_TWIML', 'Twiml', problem)
  return root
}

/**
 * Answers with the TwiML document in the URL. It is parsed and rebuilt rather than reflected,
 * so what goes out is well-formed TwiML whatever came in.
 */
export const echo: Twimlet = {
  name: 'echo',
  pure: true,
  params: ['Twiml'],
  handle ({ params }): Reply {
    const twiml = new TwiML().copy(readDocument(params).children)
    // Escaping can make the rebuilt document larger than the one typed.
    if (tooLarge(twiml.toString())) throw new ConfigProblem('TW_BAD_TWIML', 'Twiml', `larger than ${Limits.twimlBytes} bytes once escaped`)
    return { stage: 'echo', twiml }
  }
}
