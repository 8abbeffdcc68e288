import type { Catalog } from './catalog.js'

/**
 * A written phone number as it is read aloud: each digit on its own (so "090" is not "ninety"),
 * a pause between the groups it is written in. `(510) 555-1212` is "5 1 0, 5 5 5, 1 2 1 2".
 */
export function sayNumber (written: string, words: Catalog['phone']): string {
  const groups = written.split(/[^\d+]+/).filter((group) => /\d/.test(group))
  return groups.map((group) => {
    const digits = group.replace(/\D/g, '').split('').join(' ')
    return group.startsWith('+') ? `${words.plus} ${digits}` : digits
  }).join(words.pause)
}
