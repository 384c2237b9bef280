import { describe, expect, it } from 'vitest';
import { zChange, zGoalInput, zGoalPatch, zItemRef, zMutation, zTeamPatch } from '../../utils/contract.ts';

describe('contract', () => {
  it('fills defaults on create but never on a patch', () => {
    expect(zGoalInput.parse({ title: 'Cut churn' })).toMatchObject({
      status: 'on_track',
      progress: 0,
      description: '',
    });
    expect(zGoalPatch.parse({ status: 'at_risk' })).toEqual({ status: 'at_risk' });
    expect(zTeamPatch.parse({})).toEqual({});
    expect(zGoalPatch.safeParse({ progress: 101 }).success).toBe(false);
  });

  it('refuses item URLs that are not http(s)', () => {
    const ref = { tool: 'jira', kind: 'issue', id: 'PAY-1', key: 'jira:acme.atlassian.net/PAY-1' };
    expect(zItemRef.safeParse({ ...ref, url: 'https://acme.atlassian.net/browse/PAY-1' }).success).toBe(true);
    expect(zItemRef.safeParse({ ...ref, url: 'javascript:alert(1)' }).success).toBe(false);
  });

  it('tells upserts from tombstones and rejects unknown entities', () => {
    const id = '3f0e8d3c-5b1f-4f7a-9a7e-2b9f6d0c1a22';
    expect(zChange.parse({ op: 'delete', seq: '12', entity: 'link', id })).toMatchObject({ op: 'delete' });
    expect(zChange.safeParse({ op: 'delete', seq: '12', entity: 'workspace', id }).success).toBe(false);
    expect(zChange.safeParse({ op: 'upsert', seq: 'NaN', entity: 'team', data: {} }).success).toBe(false);
  });

  it('requires a base version on updates', () => {
    const base = { mutationId: '3f0e8d3c-5b1f-4f7a-9a7e-2b9f6d0c1a22', id: '0b6f1c1e-2f0a-4c4e-9a55-0f7d2b1c9e11' };
    expect(zMutation.safeParse({ ...base, type: 'goal.update', data: { progress: 5 } }).success).toBe(false);
    expect(zMutation.parse({ ...base, type: 'goal.update', baseVersion: 3, data: { progress: 5 } })).toMatchObject({
      data: { progress: 5 },
    });
  });
});
