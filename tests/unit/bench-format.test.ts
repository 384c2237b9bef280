import { describe, expect, it } from 'vitest';
import { formatFigure, percentile } from '../../scripts/bench/format.ts';

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
