// Checking a zone builds a formatter (tens of µs); zones typed in URLs are few, so each is checked once.
const KNOWN_MAX = 256
const known = new Map<string, string | undefined>()

/**
 * An IANA time zone as Intl spells it (`asia/tokyo` is Asia/Tokyo, `UTC` stays UTC);
 * undefined when this Node.js knows no such zone.
 */
export function timeZoneName (text: string): string | undefined {
  const trimmed = text.trim()
  if (known.has(trimmed)) return known.get(trimmed)
  let zone: string | undefined
  try {
    zone = trimmed === '' ? undefined : new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone
  } catch {
    zone = undefined
  }
  if (known.size >= KNOWN_MAX) known.clear()
  known.set(trimmed, zone)
  return zone
}
