import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Metafile } from 'esbuild'

/**
 * The service as `npm start` and the Docker image run it: src/server.ts and everything it
 * imports, dependencies included, in one ES module, `dist/bundle/server.mjs`. A fresh process
 * then reads and compiles one file instead of resolving hundreds, which is most of its start-up
 * (issue #6: the first answer within 250 ms of spawn). What is imported with `import()`
 * (e-mail, the URL builder's checker and simulator, rate limiting) goes into chunks beside it,
 * read only when first needed. `npm run build` runs this after tsc.
 */
export const OUT_DIR = 'dist/bundle'
export const ENTRY = 'src/server.ts'

/**
 * Fastify requires its JSON schema compilers only when no others are given; src/app.ts gives
 * its own (no route has a schema), so they are never loaded and need not be compiled at start-up.
 */
const NEVER_LOADED = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler']

// Bundled CommonJS code calls require() for Node's own modules; an ES module has none of its own.
const REQUIRE = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"

export interface BundleOptions {
  /** The project's root: src/ is read from it. */
  root: string
  /** Emptied, then written; public/ must sit two levels above it, as it does above dist/bundle. */
  outDir: string
}

export async function bundle (options: BundleOptions): Promise<Metafile> {
  await rm(options.outDir, { recursive: true, force: true })
  const { metafile } = await build({
    absWorkingDir: options.root,
    entryPoints: [join(options.root, ENTRY)],
    outdir: options.outDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: NEVER_LOADED,
    // .mjs: ES modules whatever package.json sits near them, so dist/bundle runs on its own.
    outExtension: { '.js': '.mjs' },
    banner: { js: REQUIRE },
    metafile: true,
    logLevel: 'warning'
  })
  return metafile
}

/** The files a process loads at start-up: the entry's output and the chunks it imports statically. */
export function startupFiles (metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((file) => metafile.outputs[file]?.entryPoint === ENTRY)
  const files = new Set<string>(entry === undefined ? [] : [entry])
  for (const file of files) {
    for (const { path, kind, external } of metafile.outputs[file]?.imports ?? []) {
      if (kind === 'import-statement' && external !== true) files.add(path)
    }
  }
  return [...files]
}

function kib (files: readonly string[], metafile: Metafile): string {
  return `${Math.round(files.reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0) / 1024)} KiB`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const metafile = await bundle({ root: process.cwd(), outDir: OUT_DIR })
  const all = Object.keys(metafile.outputs)
  const startup = startupFiles(metafile)
  process.stdout.write(`${OUT_DIR}: ${all.length} files, ${kib(all, metafile)}; loaded at start-up: ${startup.length} files, ${kib(startup, metafile)}\n`)
}
