import { describe, expect, it } from 'vitest';
import {
  describeIssues,
  pathInWords,
  sanitizeText,
  zApiError,
  zChange,
  zCursor,
  zDecisionInput,
  zGoalInput,
  zGoalPatch,
  zItemContext,
  zItemInput,
  zItemRef,
  zMutation,
  zMutationBatchResult,
  zTeamInput,
  zTeamPatch,
  zTool,
} from '../../utils/contract.ts';
import { TOOL_NAMES, TOOLS } from '../../utils/tools.ts';

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

  it('carries containers with their id and name, and still takes the bare strings items were stored with', () => {
    const context = {
      asanaProjects: [{ id: '1209876543210001', name: 'Website Relaunch' }, { name: 'Marketing Q3' }, 'Launch Q2'],
      notionParents: [{ id: '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f' }, 'Payments Wiki'],
    };
    expect(zItemContext.parse(context)).toEqual(context);
    expect(zItemContext.safeParse({ asanaProjects: [{}] }).success).toBe(false);
    expect(zItemContext.safeParse({ notionParents: [{ id: 'x'.repeat(256) }] }).success).toBe(false);
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

  it('removes NUL, other control characters, lone surrogates and U+FFFE/U+FFFF from text, keeping tabs and newlines', () => {
    expect(sanitizeText('Pay\u0000ment\u0007s\u007f\ufffe\uffff\ud800 ok\tnext\r\nline 😀 é')).toBe(
      'Payments ok\tnext\r\nline 😀 é',
    );
    expect(sanitizeText('\udc00\ud83d')).toBe('');
  });

  it('sanitizes every string field it parses, before trimming and bounds', () => {
    const ref = {
      tool: 'jira',
      kind: 'issue',
      id: 'PAY-1\u0000',
      key: 'jira:acme.atlassian.net/PAY-1\u0000',
      url: 'https://acme.atlassian.net/browse/PAY-1\u0000',
    };
    const item = zItemInput.parse({ ref, title: 'Checkout\u0000 flow', context: { gmailLabels: ['In\u0000box'] } });
    expect(item).toMatchObject({
      ref: { id: 'PAY-1', key: 'jira:acme.atlassian.net/PAY-1', url: 'https://acme.atlassian.net/browse/PAY-1' },
      title: 'Checkout flow',
      context: { gmailLabels: ['Inbox'] },
    });
    const decision = { decidedAt: '2026-01-01T00:00:00Z', decidedBy: 'Priya' };
    expect(zDecisionInput.parse({ ...decision, title: 'Use\u0000 Stripe', quote: '\u0000' })).toMatchObject({
      title: 'Use Stripe',
      quote: '',
    });
    // Nothing left once the NULs are gone: a required name is empty, so it is refused like any empty name.
    expect(zDecisionInput.safeParse({ ...decision, title: ' \u0000\u0000 ' }).success).toBe(false);
    expect(zGoalInput.parse({ title: 'x', description: 'a\u0000'.repeat(8000) }).description).toBe('a'.repeat(8000));
  });

  it('bounds cursors to what a PostgreSQL bigint holds', () => {
    expect(zCursor.safeParse('9223372036854775807').success).toBe(true);
    expect(zCursor.safeParse('9223372036854775808').success).toBe(false);
    expect(zCursor.safeParse('9999999999999999999').success).toBe(false);
  });
});

describe('validation problems in words', () => {
  it('names the field as the form does, never a dotted path or a symbol', () => {
    const parsed = zTeamInput.safeParse({
      name: 'Payments',
      slug: 'payments',
      members: [{ name: 'Ana' }, { name: 'Bo' }, { name: 'Cy', email: 'cy@' }],
    });
    expect(parsed.success).toBe(false);
    const message = describeIssues(parsed.error?.issues ?? []);
    expect(message).toBe('member 3, email: invalid email address');
    expect(pathInWords(['team', 'targetDate'])).toBe('target date');
    expect(describeIssues([{ path: [], message: 'Expected an object' }])).toBe('Expected an object');
  });
});

describe('the one tool list', () => {
  it("lists every tool of the contract's enum once, in its order, and nothing else", () => {
    expect([...TOOLS]).toEqual([...zTool.options]);
    expect(new Set(TOOLS).size).toBe(TOOLS.length);
    expect(Object.keys(TOOL_NAMES)).toEqual([...TOOLS]);
  });
});

describe("the server's error shape", () => {
  it("reads an error's params leniently: ones a newer server words otherwise are dropped, never the answer", () => {
    const refused = { code: 'forbidden', message: 'a viewer may not do this: it needs the member role' };
    expect(zApiError.parse({ error: { ...refused, params: { role: 'viewer', needed: 'member' } } }).error).toEqual({
      ...refused,
      params: { role: 'viewer', needed: 'member' },
    });
    expect(zApiError.parse({ error: { ...refused, params: { role: 'owner', needed: 'member' } } }).error).toEqual(
      refused,
    );
    const batch = zMutationBatchResult.parse({
      results: [
        {
          mutationId: '6f1c1f6e-2f3a-4c1e-9a57-3f1c8a1f2b3c',
          status: 'rejected',
          code: 'a_code_from_later',
          message: 'worded by a newer server',
          params: { subject: 'spaceship' },
        },
      ],
    });
    expect(batch.results[0]).toMatchObject({ code: 'a_code_from_later', message: 'worded by a newer server' });
    expect(batch.results[0]).toMatchObject({ params: undefined });
  });
});
