/** Latencies (ms) grouped by kind, with nearest-rank percentiles. */
export class Latencies {
  private readonly samples = new Map<string, number[]>();

  add(kind: string, ms: number): void {
    const list = this.samples.get(kind);
    if (list) list.push(ms);
    else this.samples.set(kind, [ms]);
  }

  kinds(): string[] {
    return [...this.samples.keys()].sort();
  }

  count(kind?: string): number {
    if (kind !== undefined) return this.samples.get(kind)?.length ?? 0;
    let total = 0;
    for (const list of this.samples.values()) total += list.length;
    return total;
  }

  /** The p-th percentile (0–100) of `kind`, or of every sample when `kind` is omitted; NaN when empty. */
  percentile(p: number, kind?: string): number {
    const values =
      kind === undefined ? [...this.samples.values()].flat() : [...(this.samples.get(kind) ?? [])];
    return percentile(values, p);
  }

  /** Samples of every kind whose name starts with `prefix`. */
  percentileOf(prefix: string, p: number): number {
    const values = [...this.samples.entries()].filter(([k]) => k.startsWith(prefix)).flatMap(([, v]) => v);
    return percentile(values, p);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Peak resident set size of this process, sampled (and from the OS's own peak when it knows it). */
export class RssSampler {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 100) {
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, intervalMs);
    this.timer.unref();
  }

  /** MB; the larger of the samples and the OS's maximum RSS. */
  stop(): number {
    clearInterval(this.timer);
    const osPeak = process.resourceUsage().maxRSS * 1024;
    return Math.max(this.peak, osPeak) / (1024 * 1024);
  }
}
