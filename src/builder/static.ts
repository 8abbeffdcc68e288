import { access, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

export interface Page {
  type: string
  body: Buffer
}

/** The page's files: the only front-end code, served as they are, no build step. */
const FILES: ReadonlyArray<[path: string, file: string, type: string]> = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/builder.js', 'builder.js', 'text/javascript; charset=utf-8'],
  ['/builder.css', 'builder.css', 'text/css; charset=utf-8'],
  ['/favicon.svg', 'favicon.svg', 'image/svg+xml']
]

/** Headers of every page file: nothing but this service's own files may run or load. */
export const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache'
} as const

/**
 * public/ sits at the project root, reached from src/builder when run from source, from
 * dist/bundle as `npm start` runs it (scripts/bundle.ts), and from dist/src/builder when compiled.
 */
const PLACES: readonly URL[] = [new URL('../../public/', import.meta.url), new URL('../../../public/', import.meta.url)]

async function publicDir (places: readonly URL[]): Promise<URL | undefined> {
  for (const dir of places) {
    try {
      await access(new URL('index.html', dir))
      return dir
    } catch {}
  }
  return undefined
}

/** Where the page's files were looked for, for the operator. */
export const PUBLIC_NEAR = fileURLToPath(new URL('../../', import.meta.url))

/** Reads the page's files once, at start-up; undefined when they are not installed. */
export async function readPages (places: readonly URL[] = PLACES): Promise<Map<string, Page> | undefined> {
  const dir = await publicDir(places)
  if (dir === undefined) return undefined
  const pages = new Map<string, Page>()
  for (const [path, file, type] of FILES) pages.set(path, { type, body: await readFile(new URL(file, dir)) })
  return pages
}
