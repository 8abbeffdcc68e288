import type { Checked, Problem } from './check.js'
import type { HoursView } from './hours-view.js'

const LEVEL_WIDTH = 'warning'.length

function problemLine (problem: Problem): string {
  const code = problem.code === undefined ? '' : ` [${problem.code}]`
  const spoken = problem.spoken === undefined ? '' : `; the caller hears "${problem.spoken}"`
  return `  ${problem.level.padEnd(LEVEL_WIDTH)}  ${problem.param}: ${problem.message}${code}${spoken}\n`
}

function count (problems: readonly Problem[], level: Problem['level'], word: string): string[] {
  const n = problems.filter((p) => p.level === level).length
  return n === 0 ? [] : [`${n} ${word}${n === 1 ? '' : 's'}`]
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** An hours line at the moment checked, and its coming week, a day a line. */
export function hoursText (view: HoursView): string {
  let text = `${view.open ? 'Open' : 'Closed'} at ${view.at} (${view.zone}); next change: ${view.nextChange ?? 'none within a year'}\n`
  for (const day of view.week) {
    const off = day.off === undefined ? '' : day.off.kind === 'holiday' ? ` (holiday: ${day.off.name})` : ' (closed day)'
    const open = day.open.length === 0 ? 'closed' : day.open.map(([from, to]) => `${hhmm(from)}-${hhmm(to)}`).join(', ')
    text += `  ${day.date} ${WEEKDAYS[day.weekday] ?? ''}  ${open}${off}\n`
  }
  return text
}

export function hasErrors (checked: Checked): boolean {
  return checked.problems.some((p) => p.level === 'error')
}

/**
 * A check as the command line prints it: the move from twimlets.com when there is one, then
 * every problem, nested ones under the parameter that holds them. `shown` is the rewritten
 * URL as the reader should see it.
 */
export function checkedText (checked: Checked, shown: string | undefined): string {
  let text = ''
  if (checked.migration !== undefined) {
    text += `twimlets.com: this service answers the same line at\n  ${shown ?? checked.migration.rewritten}\n`
    if (checked.migration.differences.length > 0) {
      text += 'What this service does differently:\n'
      for (const difference of checked.migration.differences) text += `  - ${difference}\n`
    }
  }
  if (checked.hours !== undefined) text += hoursText(checked.hours)
  const { problems } = checked
  if (problems.length === 0) return `${text}No problems found.\n`
  const counts = [...count(problems, 'error', 'error'), ...count(problems, 'warning', 'warning'), ...count(problems, 'info', 'note')]
  text += `Problems (${counts.join(', ')}):\n`
  for (const problem of problems) text += problemLine(problem)
  return text
}
