import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../utils/safe-url.ts';
import { loggedApart, relativeTime } from '../../utils/time.ts';

describe('safeHttpUrl', () => {
  it('keeps http(s) URLs and drops every other scheme', () => {
    expect(safeHttpUrl('https://acme.atlassian.net/browse/PAY-1')).toBe('https://acme.atlassian.net/browse/PAY-1');
    expect(safeHttpUrl('http://10.1.4.22:8080/browse/OPS-2')).toBe('http://10.1.4.22:8080/browse/OPS-2');
    for (const hostile of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      '/relative',
      '',
      null,
      undefined,
    ]) {
      expect(safeHttpUrl(hostile)).toBeUndefined();
    }
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('says how long ago or ahead, in the largest fitting unit', () => {
    expect(relativeTime('2026-11-20T12:00:00Z', now, 'en')).toBe('3 days ago');
    expect(relativeTime('2026-11-23T11:59:30Z', now, 'en')).toBe('just now');
    expect(relativeTime('2026-12-07T12:00:00Z', now, 'en')).toBe('in 2 weeks');
    expect(relativeTime('2026-11-23T10:00:00Z', now, 'en')).toBe('2 hours ago');
  });
});

describe('loggedApart', () => {
  it('shows when a decision was logged only where that differs from the day it says it was decided', () => {
    const backdated = { decidedAt: '2020-01-02T10:00:00Z', createdAt: '2026-12-01T09:00:00Z' };
    expect(loggedApart(backdated, 'en-US')).toBe('Dec 1, 2026');
    expect(loggedApart({ decidedAt: '2026-12-01T08:00:00Z', createdAt: '2026-12-01T09:30:00Z' }, 'en-US')).toBeNull();
  });
});
