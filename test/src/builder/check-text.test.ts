import t from 'tap'
import { checkedText, hasErrors } from '../../../src/builder/check-text.js'

t.test('the problems as the command line prints them, nested ones by their parameter', async (t) => {
  const checked = {
    twimlet: 'forward',
    twiml: undefined,
    nested: [],
    problems: [
      { level: 'warning' as const, param: 'FailUrl → Emial', path: ['FailUrl', 'Emial'], message: 'is not a parameter of voicemail, so it is ignored; did you mean Email?', suggestion: 'Email' },
      { level: 'error' as const, param: 'FailUrl → Email', path: ['FailUrl', 'Email'], message: 'missing', code: 'TW_NO_EMAIL', spoken: 'Sorry.' },
      { level: 'info' as const, param: 'Options[2]', path: ['Options[2]'], message: 'leads back to this very URL; followed once' }
    ]
  }
  t.equal(checkedText(checked, undefined), [
    'Problems (1 error, 1 warning, 1 note):',
    '  warning  FailUrl → Emial: is not a parameter of voicemail, so it is ignored; did you mean Email?',
    '  error    FailUrl → Email: missing [TW_NO_EMAIL]; the caller hears "Sorry."',
    '  info     Options[2]: leads back to this very URL; followed once',
    ''
  ].join('\n'))
  t.ok(hasErrors(checked))
  t.notOk(hasErrors({ ...checked, problems: checked.problems.filter((p) => p.level !== 'error') }))
})

t.test('a line moved from twimlets.com: where it is now, and what differs', async (t) => {
  const moved = { twimlet: 'findme', twiml: undefined, nested: [], problems: [], migration: { rewritten: 'http://sandbox.invalid/findme?x=1', differences: ['One.', 'Two.'] } }
  t.equal(checkedText(moved, 'findme?x=1'), [
    'twimlets.com: this service answers the same line at',
    '  findme?x=1',
    'What this service does differently:',
    '  - One.',
    '  - Two.',
    'No problems found.',
    ''
  ].join('\n'))
  t.equal(checkedText({ ...moved, migration: { ...moved.migration, differences: [] } }, undefined),
    'twimlets.com: this service answers the same line at\n  http://sandbox.invalid/findme?x=1\nNo problems found.\n')
})
