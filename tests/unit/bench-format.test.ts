import { describe, expect, it } from 'vitest';
import {
  type BenchResults,
  formatComparisons,
  formatFigure,
  median,
  medianResults,
  percentile,
} from '../../scripts/bench/format.ts';

describe('bench figures', () => {
  it('prints `name: value unit` with a sensible precision', () => {
    expect(formatFigure('server.pglite.push', { value: 1234.56, unit: 'mutations/s' })).toBe(
      'server.pglite.push: 1235 mutations/s',
    );
    expect(formatFigure('detect.url', { value: 0.8123, unit: 'µs/call' })).toBe('detect.url: 0.812 µs/call');
    expect(formatFigure('x', { value: 12.345, unit: 'ms' })).toBe('x: 12.3 ms');
  });

  it('takes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow();
  });
});

describe('bench runs and floors', () => {
  it('takes the median of an odd and an even number of runs', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('reports each figure as the median of its runs, keeping its unit', () => {
    const runs: BenchResults[] = [
      { 'a.push': { value: 100, unit: 'mutations/s' }, 'a.p99': { value: 9, unit: 'ms' } },
      { 'a.push': { value: 300, unit: 'mutations/s' }, 'a.p99': { value: 1, unit: 'ms' } },
      { 'a.push': { value: 200, unit: 'mutations/s' } },
    ];
    expect(medianResults(runs)).toEqual({
      'a.push': { value: 200, unit: 'mutations/s' },
      'a.p99': { value: 5, unit: 'ms' },
    });
  });

  it('prints a figure beside its floor, the ratio the slow way round and the target', () => {
    const results = {
      'x.push': { value: 5000, unit: 'mutations/s' },
      'x.push_floor': { value: 20000, unit: 'mutations/s' },
      'x.p99': { value: 30, unit: 'ms' },
      'x.p99_floor': { value: 12, unit: 'ms' },
      'x.p50': { value: 3, unit: 'ms' },
    };
    const lines = formatComparisons(
      [
        { figure: 'x.push', floor: 'x.push_floor', higherIsBetter: true, target: 10_000 },
        { figure: 'x.p99', floor: 'x.p99_floor', higherIsBetter: false, target: 40 },
        { figure: 'x.p50', floor: 'x.p50_floor', higherIsBetter: false },
      ],
      results,
    );
    expect(lines).toEqual([
      'x.push: 5000 mutations/s | floor 20000 mutations/s | 4.00x the floor | target >= 10000 mutations/s: missed',
      'x.p99: 30.0 ms | floor 12.0 ms | 2.50x the floor | target <= 40.0 ms: met',
    ]);
  });

  it('prints a ratio target against the floor, and a target alone for a figure without a floor', () => {
    const results = {
      'y.sync': { value: 13, unit: 's' },
      'y.sync_floor': { value: 10, unit: 's' },
      'y.lookup': { value: 2, unit: 'ms' },
      'y.lookup_floor': { value: 0.4, unit: 'ms' },
      'y.size': { value: 17.4, unit: 'KB' },
    };
    const lines = formatComparisons(
      [
        { figure: 'y.sync', floor: 'y.sync_floor', higherIsBetter: false, targetRatio: 1.3 },
        { figure: 'y.lookup', floor: 'y.lookup_floor', higherIsBetter: false, target: 2, targetRatio: 4 },
        { figure: 'y.size', higherIsBetter: false, target: 10 },
        { figure: 'y.missing', higherIsBetter: false, target: 10 },
      ],
      results,
    );
    expect(lines).toEqual([
      'y.sync: 13.0 s | floor 10.0 s | 1.30x the floor | target <= 1.30x: met',
      'y.lookup: 2.00 ms | floor 0.400 ms | 5.00x the floor | target <= 4.00x: missed | target <= 2.00 ms: met',
      'y.size: 17.4 KB | target <= 10.0 KB: missed',
    ]);
  });
});
