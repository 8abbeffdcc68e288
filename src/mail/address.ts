/**
 * E-mail addresses as the service accepts them: one plain mailbox, `local@domain`, with none of
 * the quoting, comments or lists RFC 5322 allows, so an address can never smuggle a second
 * recipient or a header into a message.
 */

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/
const MAX_ADDRESS = 254
const MAX_LOCAL = 64
const MAX_DOMAIN = 253

export function isDomain (text: string): boolean {
  return text.length <= MAX_DOMAIN && text.split('.').every((label) => LABEL.test(label))
}

/** The address in its canonical form (domain lowercased), or undefined when it is not one. */
export function parseAddress (text: string): string | undefined {
  const at = text.lastIndexOf('@')
  if (at <= 0 || text.length > MAX_ADDRESS) return undefined
  const local = text.slice(0, at)
  const domain = text.slice(at + 1)
  if (local.length > MAX_LOCAL || !LOCAL.test(local) || !isDomain(domain)) return undefined
  return `${local}@${domain.toLowerCase()}`
}

/**
 * Why a relay could send mail for this local part to another host than its domain's, or
 * undefined: `%` (the percent hack, `victim%evil.example@relay`) and `!` (bang paths,
 * `evil.example!victim@relay`) are routes to some relays, and a quoted string can hide an `@`.
 */
export function routingHazard (address: string): string | undefined {
  const local = address.slice(0, Math.max(0, address.lastIndexOf('@')))
  if (local.includes('"')) return 'its local part is a quoted string, which can hide another address'
  if (local.includes('%')) return `its local part "${local.slice(0, 64)}" has "%", which some mail relays read as a route to another host`
  if (local.includes('!')) return `its local part "${local.slice(0, 64)}" has "!", which some mail relays read as a route to another host (a bang path)`
  return undefined
}

export function domainOf (address: string): string {
  return address.slice(address.lastIndexOf('@') + 1)
}

/** A sender as operators write it: `a@b.example` or `Name <a@b.example>`. */
export interface Sender {
  name: string | undefined
  address: string
}

const NAMED = /^([^<>"\r\n]*)<([^<>]+)>$/

export function parseSender (text: string): Sender | undefined {
  const trimmed = text.trim()
  const named = NAMED.exec(trimmed)
  const address = parseAddress(named === null ? trimmed : (named[2] as string).trim())
  if (address === undefined) return undefined
  const name = named === null ? '' : (named[1] as string).trim()
  return { name: name === '' ? undefined : name, address }
}
