export interface BenchFigure {
  value: number;
  unit: string;
}
export type BenchResults = Record<string, BenchFigure>;

/** One figure as the line `name: value unit`, rounded to a precision that reads well for its size. */
export function formatFigure(name: string, { value, unit }: BenchFigure): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${name}: ${value.toFixed(digits)} ${unit}`;
}

/** The p-th percentile (0-100) of samples, by nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
