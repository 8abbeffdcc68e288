import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Locator, type Page } from 'playwright-core'
import type { AppOptions } from '../../src/app.js'
import { testApp } from '../fixtures/app.js'
import { testFolder } from '../fixtures/folder.js'

/** The builder page in a real browser (Debian's Chromium, headless), for the e2e tests. Not a test itself. */

export const CHROMIUM = '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']
const SCREENSHOTS = fileURLToPath(new URL('../../.tap/screenshots/', import.meta.url))

/** Why a browser test is skipped, or false when it runs. */
export const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium); the browser test is skipped`

export const PHONE = { width: 375, height: 812 }
export const DESKTOP = { width: 1200, height: 900 }

interface Teardown { teardown: (fn: () => unknown) => void, testdir: () => string, comment: (...args: unknown[]) => void }

export interface OpenOptions {
  viewport?: { width: number, height: number }
  /** The browser's language (navigator.languages), such as ja-JP. */
  locale?: string
  app?: AppOptions
  /** Called before the page is loaded, to intercept requests. */
  before?: (page: Page) => Promise<void>
}

/** The service on loopback and a fresh browser profile showing its page, ready. */
export async function open (t: Teardown, options: OpenOptions = {}): Promise<{ page: Page, base: string }> {
  const app = await testApp(t, { ...options.app, config: { outboxDir: testFolder(t), ...options.app?.config } })
  const base = `${await app.listen({ host: '127.0.0.1', port: 0 })}/`
  const profile = await mkdtemp(join(tmpdir(), 'twimlets-chromium-'))
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'en-US',
    permissions: ['clipboard-read', 'clipboard-write']
  })
  t.teardown(async () => {
    await browser.close()
    await rm(profile, { recursive: true, force: true })
  })
  const page = browser.pages()[0] ?? await browser.newPage()
  page.setDefaultTimeout(10_000)
  await options.before?.(page)
  await page.goto(base)
  await page.waitForSelector('body[data-ready="true"]')
  return { page, base }
}

/** A full-page PNG in .tap/screenshots/, named in the test's output. */
export async function screenshot (t: Teardown, page: Page, name: string, part?: Locator): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  if (part === undefined) await page.screenshot({ path, fullPage: true })
  else await part.screenshot({ path })
  t.comment(`screenshot: ${path}`)
}
