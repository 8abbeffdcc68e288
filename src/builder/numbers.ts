import type { Config } from '../config.js'
import { Limits } from '../params/limits.js'
import type { Params } from '../params/params.js'
import { isNationalForm, isValidNumber, readRegion } from '../dialing/phone.js'
import { parseTarget } from '../dialing/targets.js'
import { formsFor } from './forms.js'

/**
 * Numbers written with their country code are dialed as typed: checking them on every call
 * would cost each request more than the rest of its answer. The builder checks them here,
 * with the same (memoized) validation the twimlets use for numbers in national form.
 */
export function checkNumbers (params: Params, twimlet: string, config: Pick<Config, 'defaultRegion'>): void {
  const region = readRegion(params, config)
  for (const field of formsFor([twimlet])[0]?.fields ?? []) {
    if (field.kind !== 'phone') continue
    const one = field.shape === undefined ? params.string(field.name) : undefined
    const typed = field.shape === 'list' ? params.list(field.name, field.max ?? Limits.listLength) : one === undefined ? [] : [one]
    for (const text of typed) {
      const target = parseTarget(text)
      if (target?.kind !== 'number' || isNationalForm(target.value) || isValidNumber(target.value, region)) continue
      params.warn(field.name, `"${text.slice(0, 80)}" is not a valid phone number: check its country code and digits`)
    }
  }
}
