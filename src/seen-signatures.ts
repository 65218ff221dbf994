/** How often forgotten entries are actually dropped: a full pass over the map, so not on every request. */
const SWEEP_INTERVAL_SECONDS = 60;

/**
 * The (timestamp, signature) pairs of requests already accepted, each kept while its timestamp is fresh enough
 * to pass the signature check again (`windowSeconds` after it); afterwards the staleness check refuses a copy
 * by itself. Only authenticated requests are remembered, so nobody without the signing secret can fill it.
 */
export class SeenSignatures {
  private readonly forgetAt = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly windowSeconds: number) {}

  /** True the first time this pair is seen (and from then on it is remembered); false for a copy. */
  firstTime(timestampSeconds: number, signature: string, nowSeconds: number): boolean {
    this.sweep(nowSeconds);
    const key = `${timestampSeconds}:${signature}`;
    if (this.forgetAt.has(key)) return false;
    this.forgetAt.set(key, timestampSeconds + this.windowSeconds);
    return true;
  }

  get size(): number {
    return this.forgetAt.size;
  }

  private sweep(nowSeconds: number): void {
    if (nowSeconds < this.nextSweep) return;
    for (const [key, at] of this.forgetAt) if (at < nowSeconds) this.forgetAt.delete(key);
    this.nextSweep = nowSeconds + SWEEP_INTERVAL_SECONDS;
  }
}
