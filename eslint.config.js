import globals from 'globals'
import neostandard, { resolveIgnoresFromGitignore } from 'neostandard'
import tseslint from 'typescript-eslint'

// Fastify's style (neostandard), plus typescript-eslint's type-aware rules for the bugs a
// server cannot afford: a promise nobody awaits or catches, one passed where a callback's
// result is ignored, an await of something that is not a promise, a switch that misses a case.
export default [
  ...neostandard({ ts: true, ignores: [...resolveIgnoresFromGitignore(), 'dist/**'] }),
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: globals.browser }
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // `void promise` is how a promise is marked as deliberately not awaited.
      'no-void': ['error', { allowAsStatement: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A switch with a default handles the rest on purpose; one without must name every case.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }]
    }
  },
  {
    // tap queues each subtest and runs it to its end; its returned promise is for those who want it.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: '@tapjs/test', name: 'test' }] }],
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='testdir']",
        message: "Use testFolder(t) from test/fixtures/folder.ts: tap removes a t.testdir() folder before the test's teardowns."
      }]
    }
  },
  {
    files: ['test/fixtures/folder.ts'],
    rules: { 'no-restricted-syntax': 'off' }
  }
]
