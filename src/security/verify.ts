import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { Spend } from './rate-limit.js'
import { validSignature } from './signature.js'

function first (header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  return value?.split(',')[0]?.trim() || undefined
}

/**
 * The URL Twilio requested, which is what it signed: not what the socket saw when a proxy or a
 * path prefix stands in between.
 */
export function publicUrlOf (request: FastifyRequest, config: Config): string {
  const path = request.raw.url ?? '/'
  if (config.publicUrl !== undefined) return `${config.publicUrl}${path}`
  const proto = (config.trustProxy ? first(request.headers['x-forwarded-proto']) : undefined) ?? request.protocol
  const host = (config.trustProxy ? first(request.headers['x-forwarded-host']) : undefined) ?? request.headers.host ?? ''
  return `${proto}://${host}${path}`
}

export interface VerifyOptions {
  config: Config
  /** Told of each refusal, for metrics. */
  onRefused?: () => void
  /** The budget an unsigned or forged request spends; past it, 429 instead of 403. */
  limit?: Spend
}

/**
 * A preHandler that refuses, with 403, any request not signed by the operator's Twilio account.
 * Only those spend the rate limit's budget: a flood of forgeries cannot lock Twilio out.
 */
export function verifyTwilio (options: VerifyOptions) {
  const { config } = options
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const body = request.body as { search?: string } | undefined
    const form = request.method === 'POST' ? [...new URLSearchParams(body?.search ?? '')] : []
    const header = first(request.headers['x-twilio-signature'])
    const url = publicUrlOf(request, config)
    if (validSignature(config.authTokens, { url, form, header })) return
    if (options.limit !== undefined && await options.limit(request, reply)) return
    options.onRefused?.()
    request.log.warn({ url, signature: header === undefined ? 'missing' : 'invalid' }, 'request refused: not signed by Twilio')
    await reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'This URL answers only requests signed by its Twilio account (X-Twilio-Signature).' })
  }
}
