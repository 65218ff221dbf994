/** Round numbers for a chart's axes. */

/** A round axis maximum ≥ `value` with a step giving about five grid lines. */
export function niceScale(value: number): { max: number; step: number } {
  if (value <= 0) return { max: 5, step: 1 };
  const rough = value / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const wholeStep = Math.max(1, Math.round(step));
  return { max: Math.ceil(value / wholeStep) * wholeStep, step: wholeStep };
}

/** The smallest of 1, 2, 5, 10, 20, 50… that is at least `value`. */
export function niceStep(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= value) ?? 10 * magnitude;
}
