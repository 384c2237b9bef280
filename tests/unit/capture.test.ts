import { describe, expect, it } from 'vitest';
import { similarDecisions } from '../../components/decision/duplicates.ts';
import { draftOf, QUOTE_MAX, quoteOf } from '../../utils/background/capture-draft.ts';
import { createLogDecisionHandler, menuPatterns } from '../../utils/background/context-menu.ts';
import { decision, jiraRef } from '../support/sync-fixtures.ts';

const ISSUE = 'https://acme.atlassian.net/browse/PAY-1';
const reported = { ref: jiraRef('PAY-1'), title: 'Retry failed card payments', context: { jiraProject: 'PAY' } };

describe('the capture draft', () => {
  it('keeps a selection as the quote, and says why there is none for a page click or a blank selection', () => {
    expect(quoteOf('  Ship it \n')).toEqual({ quote: 'Ship it', quoteState: { kind: 'quote' } });
    expect(quoteOf(undefined)).toEqual({ quote: null, quoteState: { kind: 'none', reason: 'page' } });
    expect(quoteOf(' \n\t\u00a0')).toEqual({ quote: null, quoteState: { kind: 'none', reason: 'blank' } });
  });

  it('drops NUL and the other characters no text field keeps from a selection, before deciding it is blank', () => {
    // PostgreSQL refuses NUL: kept, it would lose the logged decision; the form shows what will be stored.
    expect(quoteOf('Ship\u0000 it\uFFFF\u0007 \uD800now')).toEqual({
      quote: 'Ship it now',
      quoteState: { kind: 'quote' },
    });
    expect(quoteOf('\u0000\u0001 \uFFFE')).toEqual({ quote: null, quoteState: { kind: 'none', reason: 'blank' } });
    const draft = draftOf(
      { selectionText: 'x', pageUrl: ISSUE },
      { item: null, title: 'Retry\u0000 \uFFFFpayments' },
      [],
    );
    expect(draft.item?.title).toBe('Retry payments');
  });

  it('cuts a selection longer than the contract allows, on a code point, and says how long it was', () => {
    const huge = `${'a'.repeat(QUOTE_MAX - 1)}😀${'b'.repeat(10_000_000)}`;
    const { quote, quoteState } = quoteOf(huge);
    expect(quoteState).toEqual({ kind: 'truncated', originalLength: huge.length });
    expect(quote?.length).toBe(QUOTE_MAX - 1);
    expect(quote?.isWellFormed()).toBe(true);
  });

  it('takes the item from the clicked document, with the title and facts the tab reported for it', () => {
    const draft = draftOf({ selectionText: 'x', pageUrl: ISSUE }, { item: reported, title: 'tab' }, []);
    expect(draft).toMatchObject({ sourceUrl: ISSUE, item: reported });
  });

  it('keeps an embedded frame as the source, and its own item', () => {
    const frameUrl = 'https://www.notion.so/Spec-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718';
    const draft = draftOf({ selectionText: 'x', pageUrl: ISSUE, frameUrl }, { item: reported, title: 'PAY-1' }, []);
    expect(draft.sourceUrl).toBe(frameUrl);
    expect(draft.item).toMatchObject({ ref: { tool: 'notion' }, title: '', context: {} });
  });

  it("fills an embedded frame's item from the mirror, so the form never writes a bare id over its title", async () => {
    const frameUrl = 'https://www.notion.so/Spec-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718';
    const known = {
      title: 'SEPA design',
      context: { notionParents: [{ id: '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f', name: 'Engineering Handbook' }] },
    };
    const resolvedWith: unknown[] = [];
    const handler = (knownItem: (key: string) => Promise<typeof known | null>) =>
      createLogDecisionHandler({
        jiraHosts: async () => [],
        clickedTab: async () => ({ item: reported, title: 'PAY-1' }),
        knownItem,
        resolve: async (_ref, context) => {
          resolvedWith.push(context);
          return { teamId: 't1', goalId: null };
        },
        drafts: { save: async () => {}, read: async () => null, forget: async () => {} },
        openCapture: async () => {},
        newId: () => 'draft-1',
      });
    const click = { selectionText: 'x', pageUrl: ISSUE, frameUrl };

    const { draft } = await handler(async (key) => (key === 'notion:4f8e2a1c9b7d4e6fa1b2c3d4e5f60718' ? known : null))(
      click,
      7,
    );
    expect(draft.item).toMatchObject({ ref: { tool: 'notion' }, ...known });
    expect(resolvedWith).toEqual([known.context]);
    expect(draft.teamId).toBe('t1');

    // Unknown to the mirror: nothing to fill in, the form falls back to the id.
    expect((await handler(async () => null)(click, 7)).draft.item).toMatchObject({ title: '', context: {} });
  });

  it('detects self-hosted Jira only for enabled hosts, and never keeps a non-http source', () => {
    const url = 'https://jira.example.com/browse/OPS-7';
    expect(draftOf({ pageUrl: url }, { item: null, title: '' }, []).item).toBeNull();
    expect(draftOf({ pageUrl: url }, { item: null, title: 'OPS-7' }, ['jira.example.com']).item?.ref.key).toBe(
      'jira:jira.example.com/OPS-7',
    );
    expect(draftOf({ pageUrl: 'javascript:alert(1)' }, { item: null, title: '' }, []).sourceUrl).toBeNull();
  });

  it('shows the menu on the hosted tools and each enabled Jira hostname, whatever its port', () => {
    const patterns = menuPatterns(['jira.example.com:8443', 'jira.example.com', '10.0.0.5:8080']);
    expect(patterns).toContain('https://*.atlassian.net/*');
    expect(patterns.filter((pattern) => pattern.includes('example.com'))).toEqual(['*://jira.example.com/*']);
    expect(patterns).toContain('*://10.0.0.5/*');
  });
});

describe('the duplicate check', () => {
  const stripe = decision('Switch SEPA Direct Debit to Stripe', '2026-03-10T00:00:00Z', {
    itemKeys: ['jira:acme.atlassian.net/PAY-1'],
  });
  const adyen = decision('Use Adyen for SEPA Direct Debit', '2026-02-03T00:00:00Z', { goalId: 'g1' });
  const scope = { itemKey: 'jira:acme.atlassian.net/PAY-1', goalId: 'g1' };

  it('finds a reworded decision on the same item or goal, and not a different one', () => {
    expect(similarDecisions('Switch SEPA direct debit to Stripe Connect', [stripe, adyen], scope)).toEqual([stripe]);
    expect(similarDecisions('Use Stripe for card retries', [stripe, adyen], scope)).toEqual([]);
  });

  it('ignores decisions elsewhere and ones already superseded', () => {
    expect(
      similarDecisions(stripe.title, [stripe], { itemKey: 'jira:acme.atlassian.net/PAY-9', goalId: null }),
    ).toEqual([]);
    expect(similarDecisions(stripe.title, [{ ...stripe, status: 'superseded' }], scope)).toEqual([]);
  });
});
