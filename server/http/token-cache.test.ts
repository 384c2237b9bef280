import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actor.ts';
import { TokenCache } from './token-cache.ts';

const actor: Actor = {
  workspaceId: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  userName: 'Ada',
  role: 'member',
  tokenId: '00000000-0000-4000-8000-000000000003',
};

describe('TokenCache', () => {
  it('trusts a resolved token for ttlMs only, so a revocation elsewhere applies after that', () => {
    let now = 0;
    const cache = new TokenCache(2000, 10, () => now);
    cache.set('hash', actor);
    now = 1999;
    expect(cache.get('hash')).toBe(actor);
    now = 2000;
    expect(cache.get('hash')).toBeUndefined();
  });

  it('stays bounded and can be cleared', () => {
    let now = 0;
    const cache = new TokenCache(2000, 2, () => now);
    cache.set('a', actor);
    cache.set('b', actor);
    now = 2500;
    cache.set('c', actor);
    expect(cache.get('c')).toBe(actor);
    cache.clear();
    expect(cache.get('c')).toBeUndefined();
  });

  it('keeps nothing when turned off', () => {
    const cache = new TokenCache(0);
    cache.set('hash', actor);
    expect(cache.get('hash')).toBeUndefined();
  });
});
