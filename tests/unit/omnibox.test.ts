import { describe, expect, it } from 'vitest';
import {
  createOmnibox,
  type Disposition,
  describeHit,
  escapeXml,
  highlightTitle,
  type OmniboxDeps,
} from '../../utils/background/omnibox.ts';
import { hubUrl } from '../../utils/hub-links.ts';
import type { SearchRecord } from '../../utils/search/records.ts';
import { createSearchIndex, type SearchHit } from '../../utils/search/search-index.ts';

const HUB = 'chrome-extension://abc/hub.html';
const payments: SearchRecord = { kind: 'team', id: 't1', title: 'Payments', aka: 'payments', recency: 1 };
const records: SearchRecord[] = [
  payments,
  { kind: 'goal', id: 'g1', title: 'EU payments', aka: '', recency: 2, status: 'at_risk', ownerTeamId: 't1' },
  {
    kind: 'decision',
    id: 'd1',
    title: 'Use Adyen for <EU> payments & "SEPA"',
    aka: '',
    recency: 3,
    status: 'accepted',
    decidedAt: '2026-03-04T10:00:00Z',
    teamId: 't1',
    goalId: 'g1',
  },
  {
    kind: 'item',
    id: 'i1',
    title: 'PAY-1 payments retry',
    aka: 'PAY-1',
    recency: 4,
    tool: 'jira',
    url: 'https://acme.atlassian.net/browse/PAY-1',
    itemKey: 'jira:acme.atlassian.net/PAY-1',
  },
];

function setup(markup = true) {
  const index = createSearchIndex();
  for (const record of records) index.upsert(record);
  const opened: { url: string; disposition: Disposition }[] = [];
  const deps: OmniboxDeps = {
    search: async (text) => index.search(text),
    teamName: (id) => index.get('team', id)?.title,
    openUrl: async (url, disposition) => {
      opened.push({ url, disposition });
    },
    hubUrl: (route) => hubUrl(HUB, route),
    markup,
  };
  return { omnibox: createOmnibox(deps), opened, deps };
}

describe('omnibox descriptions', () => {
  it('escape the five XML characters', () => {
    expect(escapeXml(`<a href='x'>&"</a>`)).toBe('&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;');
  });

  it('wrap only the matched ranges in <match>, escaping every piece of the title', () => {
    expect(highlightTitle('<b>Adyen</b>', [[3, 7]])).toBe('&lt;b&gt;<match>Adyen</match>&lt;/b&gt;');
  });

  it('show kind, title and context with no markup taken from the data', () => {
    const { deps } = setup();
    const hostile: SearchHit = {
      record: { ...payments, title: '</dim><img src=x onerror=alert(1)>', aka: "o'neil" },
      score: 0,
      titleMatches: [],
    };
    expect(describeHit(hostile, deps)).toBe(
      '<dim>Team</dim> &lt;/dim&gt;&lt;img src=x onerror=alert(1)&gt; <dim>· o&apos;neil</dim>',
    );
  });

  it('drop what XML 1.0 cannot hold (U+FFFE, U+FFFF, lone surrogates, control characters); tabs and newlines become spaces', () => {
    const { deps } = setup();
    // Chrome parses a description as XML and rejects the whole suggestion list for one of these.
    const title = 'Pay\uFFFEroll\uFFFF \u0000q\u0001u\u001Fa\u007Fr\u0085t\uD800erly\treview\nnow \u{1F600}';
    const hit: SearchHit = { record: { ...payments, title, aka: 'a\u0008b\uDFFFc' }, score: 0, titleMatches: [[0, 4]] };
    const description = describeHit(hit, deps);
    expect(description).toBe('<dim>Team</dim> <match>Payr</match>oll quarterly review now \u{1F600} <dim>· abc</dim>');
    const plain = describeHit(hit, { ...deps, markup: false });
    expect(plain).toBe('Team: Payroll quarterly review now \u{1F600} — abc');
  });

  it('strip the same characters from what the user typed in the default suggestion', async () => {
    const { omnibox } = setup();
    const answer = await omnibox.suggest('pay\u0000\uFFFF');
    expect(answer?.defaultDescription).toBe('Search Hallway for <match>pay</match>');
  });

  it('are plain text where the browser shows markup literally', () => {
    const { deps } = setup(false);
    const hit: SearchHit = { record: records[1] as SearchRecord, score: 0, titleMatches: [[0, 1]] };
    expect(describeHit(hit, { ...deps, markup: false })).toBe('Goal: EU payments — Payments · At risk');
  });
});

describe('omnibox handlers', () => {
  it('suggest teams, goals, decisions and items with their context and where each opens', async () => {
    const { omnibox } = setup();
    const answer = await omnibox.suggest('paymnts');
    expect(answer?.defaultDescription).toBe('Search Hallway for <match>paymnts</match>');
    const byContent = Object.fromEntries(answer?.suggestions.map((s) => [s.content, s.description]) ?? []);
    expect(Object.keys(byContent)[0]).toBe(`${HUB}#/teams/t1`);
    expect(Object.keys(byContent).sort()).toEqual(
      [
        `${HUB}#/teams/t1`,
        `${HUB}#/goals/g1`,
        `${HUB}#/decisions/d1`,
        'https://acme.atlassian.net/browse/PAY-1',
      ].sort(),
    );
    expect(byContent[`${HUB}#/goals/g1`]).toMatch(/<dim>· Payments · At risk<\/dim>$/);
    expect(byContent[`${HUB}#/decisions/d1`]).toContain('&lt;EU&gt;');
    expect(byContent[`${HUB}#/decisions/d1`]).toMatch(/<dim>· Payments · Mar \d, 2026 · Accepted<\/dim>$/);
    expect(byContent['https://acme.atlassian.net/browse/PAY-1']).toMatch(/<dim>· Jira · PAY-1<\/dim>$/);
  });

  it('open a chosen suggestion where the disposition says, and free text as a hub search', async () => {
    const { omnibox, opened } = setup();
    await omnibox.suggest('PAY-1');
    await omnibox.enter('https://acme.atlassian.net/browse/PAY-1', 'newBackgroundTab');
    await omnibox.enter('pricing & <plans>', 'currentTab');
    // A URL that was not offered is text like any other: the omnibox never opens arbitrary URLs for the page.
    await omnibox.enter('https://evil.example/', 'newForegroundTab');
    expect(opened).toEqual([
      { url: 'https://acme.atlassian.net/browse/PAY-1', disposition: 'newBackgroundTab' },
      { url: `${HUB}#/search?q=pricing%20%26%20%3Cplans%3E`, disposition: 'currentTab' },
      { url: `${HUB}#/search?q=https%3A%2F%2Fevil.example%2F`, disposition: 'newForegroundTab' },
    ]);
  });

  it('drop the answer to input the user has already typed past', async () => {
    const { omnibox } = setup();
    const first = omnibox.suggest('pay');
    const second = omnibox.suggest('payments');
    expect(await first).toBeNull();
    expect((await second)?.suggestions.length).toBeGreaterThan(0);
  });
});
