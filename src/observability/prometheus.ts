/**
 * Counters, gauges and histograms in Prometheus' text exposition format (version 0.0.4). Kept
 * to plain numbers: counting runs on every request, rendering only when /metrics is scraped.
 */
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

interface Definition<N extends string> {
  name: string
  help: string
  labelNames?: readonly N[]
}

type Labels<N extends string> = Readonly<Record<N, string>>

function escapeLabel (value: string): string {
  return value.replace(/[\\"\n]/g, (c) => c === '\n' ? '\\n' : `\\${c}`)
}

function number (value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}

/** A metric's lines for one type: HELP, TYPE, then its samples. */
abstract class Metric<N extends string> {
  readonly name: string
  readonly #help: string
  readonly #labelNames: readonly N[]

  constructor (definition: Definition<N>) {
    this.name = definition.name
    this.#help = definition.help
    this.#labelNames = definition.labelNames ?? []
  }

  abstract readonly type: string
  protected abstract samples (): string[]

  /** `{a="x",b="y"}`, in the declared order of the label names. */
  protected labelText (labels: Labels<N> | undefined, extra?: string): string {
    const parts = this.#labelNames.map((n) => `${n}="${escapeLabel(labels?.[n] ?? '')}"`)
    if (extra !== undefined) parts.push(extra)
    return parts.length === 0 ? '' : `{${parts.join(',')}}`
  }

  render (): string {
    const help = this.#help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
    return [`# HELP ${this.name} ${help}`, `# TYPE ${this.name} ${this.type}`, ...this.samples()].join('\n')
  }
}

export interface Count { inc: (by?: number) => void }

export class Counter<N extends string = never> extends Metric<N> {
  readonly type = 'counter'
  readonly #series = new Map<string, { value: number }>()

  /** The series for these labels, to count into without looking it up again. */
  labels (labels?: Labels<N>): Count {
    const text = this.labelText(labels)
    let series = this.#series.get(text)
    if (series === undefined) {
      series = { value: 0 }
      this.#series.set(text, series)
    }
    const counted = series
    return { inc: (by = 1) => { counted.value += by } }
  }

  inc (labels?: Labels<N>): void {
    this.labels(labels).inc()
  }

  protected samples (): string[] {
    if (this.#series.size === 0 && this.labelText(undefined) === '') return [`${this.name} 0`]
    return [...this.#series].map(([labels, { value }]) => `${this.name}${labels} ${number(value)}`)
  }
}

export class Gauge extends Metric<never> {
  readonly type = 'gauge'
  readonly #read: () => number

  constructor (definition: Definition<never> & { read: () => number }) {
    super(definition)
    this.#read = definition.read
  }

  protected samples (): string[] {
    return [`${this.name} ${number(this.#read())}`]
  }
}

export interface Observe { observe: (value: number) => void }

interface HistogramSeries {
  labels: Labels<string> | undefined
  /** Observations per bucket (not cumulative); the last is +Inf. */
  counts: number[]
  sum: number
}

export class Histogram<N extends string = never> extends Metric<N> {
  readonly type = 'histogram'
  readonly #buckets: readonly number[]
  readonly #series = new Map<string, HistogramSeries>()

  constructor (definition: Definition<N> & { buckets: readonly number[] }) {
    super(definition)
    this.#buckets = [...definition.buckets].sort((a, b) => a - b)
  }

  labels (labels?: Labels<N>): Observe {
    const text = this.labelText(labels)
    let series = this.#series.get(text)
    if (series === undefined) {
      series = { labels, counts: new Array<number>(this.#buckets.length + 1).fill(0), sum: 0 }
      this.#series.set(text, series)
    }
    const observed = series
    const buckets = this.#buckets
    return {
      observe: (value: number) => {
        let i = 0
        while (i < buckets.length && value > (buckets[i] as number)) i++
        observed.counts[i] = (observed.counts[i] as number) + 1
        observed.sum += value
      }
    }
  }

  protected samples (): string[] {
    const lines: string[] = []
    for (const [labels, series] of this.#series) {
      let cumulative = 0
      series.counts.forEach((count, i) => {
        cumulative += count
        const le = `le="${number(this.#buckets[i] ?? Number.POSITIVE_INFINITY)}"`
        lines.push(`${this.name}_bucket${this.labelText(series.labels as Labels<N>, le)} ${cumulative}`)
      })
      lines.push(`${this.name}_sum${labels} ${number(series.sum)}`, `${this.name}_count${labels} ${cumulative}`)
    }
    return lines
  }
}

/** The metrics of one app, rendered in the order they were made. */
export class Registry {
  readonly #metrics: Array<{ render: () => string }> = []

  add<M extends { render: () => string }> (metric: M): M {
    this.#metrics.push(metric)
    return metric
  }

  render (): string {
    return this.#metrics.map((m) => m.render()).join('\n') + '\n'
  }
}
