import type { Registry } from 'prom-client'

/**
 * The process and Node.js runtime metrics under prom-client's default names
 * (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`, `nodejs_gc_duration_seconds`, …),
 * so the usual Node.js dashboards and alerts work unchanged. They describe the process, not an
 * app, so there is one collection per process, whichever app asks for it: several apps in one
 * process (tests) do not each observe garbage collection again.
 *
 * prom-client is loaded when collection starts, not at start-up (issue #6: the first answer
 * within 250 ms of spawn). Garbage collection and event loop delay are counted only from then.
 */
let collecting: Promise<Registry> | undefined

/** Loads prom-client and starts collecting, once; later calls get the same registry. */
export async function startRuntimeMetrics (): Promise<Registry> {
  // prom-client is CommonJS: in the bundle its chunk has only a default export.
  collecting ??= import('prom-client').then(({ default: client }) => {
    const register = new client.Registry()
    client.collectDefaultMetrics({ register })
    return register
  })
  return await collecting
}

/** The runtime metrics in Prometheus' text format, starting collection if nothing has yet. */
export async function renderRuntimeMetrics (): Promise<string> {
  return await (await startRuntimeMetrics()).metrics()
}
