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

/** The median of samples: the middle one, or the mean of the two middle ones. */
export function median(samples: number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Several runs' figures as one: the median of each figure's values (a figure missing from a run is left out). */
export function medianResults(runs: BenchResults[]): BenchResults {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run)))];
  return Object.fromEntries(
    names.map((name) => {
      const figures = runs.flatMap((run) => (run[name] ? [run[name]] : []));
      return [name, { value: median(figures.map((figure) => figure.value)), unit: figures[0]?.unit ?? '' }];
    }),
  );
}

/** A figure beside its floor (what the machine allows, measured in the same run) and the target if any. */
export interface BenchComparison {
  figure: string;
  /** Absent for a figure that has a target and no floor (a bundle's size). */
  floor?: string;
  /** Throughputs: the ratio is floor / figure. Times: figure / floor. Either way >= 1 means "slower than the floor". */
  higherIsBetter: boolean;
  target?: number;
  /** The bound on the ratio to the floor: 1.3 is "at most 1.3x the floor". */
  targetRatio?: number;
}

/**
 * One line per comparison whose figure and floor were both measured:
 * `name: value unit | floor value unit | 1.85x the floor | target >= 10000 mutations/s: missed`, and with a ratio
 * target `... | 1.85x the floor | target <= 1.30x: missed`.
 */
export function formatComparisons(comparisons: readonly BenchComparison[], results: BenchResults): string[] {
  return comparisons.flatMap(({ figure, floor, higherIsBetter, target, targetRatio }) => {
    const measured = results[figure];
    const bound = floor === undefined ? undefined : results[floor];
    if (!measured || (floor !== undefined && !bound)) return [];
    const value = (figure: BenchFigure) => formatFigure('', figure).slice(2);
    const verdict = (met: boolean) => (met ? 'met' : 'missed');
    const parts = [formatFigure(figure, measured)];
    if (bound) {
      const ratio = higherIsBetter ? bound.value / measured.value : measured.value / bound.value;
      parts.push(`floor ${value(bound)}`, `${ratio.toFixed(2)}x the floor`);
      if (targetRatio !== undefined)
        parts.push(`target <= ${targetRatio.toFixed(2)}x: ${verdict(ratio <= targetRatio)}`);
    }
    if (target !== undefined) {
      const met = higherIsBetter ? measured.value >= target : measured.value <= target;
      parts.push(
        `target ${higherIsBetter ? '>=' : '<='} ${value({ value: target, unit: measured.unit })}: ${verdict(met)}`,
      );
    }
    return [parts.join(' | ')];
  });
}
