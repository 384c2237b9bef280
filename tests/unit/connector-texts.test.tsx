// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { ConnectorList } from '../../components/hub/views/Connectors.tsx';
import { containerName, flagDetail, suggestionWhy } from '../../components/hub/views/ConnectorTexts.tsx';
import type { Connector, ImportRun, RuleSuggestion } from '../../utils/contract.ts';
import { speaking } from '../support/locale-messages.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const run = (over: Partial<ImportRun>): ImportRun => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  connectorId: '00000000-0000-4000-8000-0000000000c1',
  status: 'partial',
  pages: 3,
  containers: 120,
  removed: 0,
  problems: [],
  moreProblems: 0,
  error: null,
  errorKind: null,
  createdAt: '2026-12-01T08:00:00.000Z',
  startedAt: '2026-12-01T08:00:01.000Z',
  finishedAt: '2026-12-01T08:01:00.000Z',
  ...over,
});
const connector = (lastRun: ImportRun): Connector => ({
  id: lastRun.connectorId,
  kind: 'jira_cloud',
  name: 'Acme Jira',
  baseUrl: 'https://acme.atlassian.net',
  account: 'ana@acme.test',
  createdAt: '2026-11-30T08:00:00.000Z',
  lastRun,
});

/** The connector list as the hub draws it, its problems' lines and their tooltips. */
function renderList(connectors: Connector[]) {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(<ConnectorList connectors={connectors} onChange={async () => {}} />));
  const lines = [...container.querySelectorAll('[data-run-problems] li, span[data-run-problems]')].map((line) => ({
    text: line.textContent,
    title: line.getAttribute('title'),
  }));
  act(() => root.unmount());
  container.remove();
  return lines;
}

const partial = run({
  problems: [
    {
      code: 'http_error',
      tool: 'jira',
      subject: { code: 'components', name: 'PAY' },
      status: 503,
      detail: 'Service Unavailable',
    },
    {
      code: 'parent_unreadable',
      tool: 'notion',
      subject: { code: 'parent', kind: 'page', name: '2a9c', below: 'Limits and policies' },
      status: 500,
      detail: 'internal_server_error: boom',
    },
  ],
  moreProblems: 3,
});

describe("the hub's connector texts", () => {
  it("says an import's problems in German, the tool's own words only in the tooltip", async () => {
    const failed = run({
      status: 'failed',
      problems: [{ code: 'auth', tool: 'jira', subject: { code: 'project_list' } }],
    });
    expect(await speaking('de', () => renderList([connector(partial)]))).toEqual([
      {
        text: 'Die Komponenten von PAY: Jira antwortete mit einem Fehler (503).',
        title: '503 Service Unavailable',
      },
      {
        text: 'Die übergeordnete Seite 2a9c über „Limits and policies“: nicht lesbar; was darüber liegt, ist unbekannt.',
        title: '500 internal_server_error: boom',
      },
      { text: 'und 3 weitere', title: null },
    ]);
    expect(await speaking('de', () => renderList([connector(failed)]))).toEqual([
      { text: 'Die Projektliste: Jira hat die Zugangsdaten abgelehnt. Wurden sie widerrufen?', title: null },
    ]);
    // English by default, from the same codes.
    expect(renderList([connector(failed)])).toEqual([
      { text: 'The project list: Jira refused the credentials. Were they revoked?', title: null },
    ]);
  });

  it('shows a run stored before problems had codes as its English text, said to be so', async () => {
    const legacy = run({ status: 'failed', error: 'Jira could not be reached for the project list: ECONNREFUSED' });
    expect(await speaking('de', () => renderList([connector(legacy)]))).toEqual([
      {
        text: 'Vor dieser Version aufgezeichnet, auf Englisch: Jira could not be reached for the project list: ECONNREFUSED',
        title: null,
      },
    ]);
  });

  it("says a suggestion's evidence as one sentence, listed the way the language lists", async () => {
    const why: RuleSuggestion['why'] = [
      { code: 'atlassian_team', value: 'Platform' },
      { code: 'lead_member', value: 'Kenji Watanabe' },
      { code: 'component_leads_members', count: 2 },
      { code: 'namesakes', value: 'Platform', count: 2 },
    ];
    expect(await speaking('de', () => suggestionWhy({ why, reason: null }))).toBe(
      'sein Atlassian-Team ist „Platform“, seine Leitung Kenji Watanabe ist Mitglied und 2 seiner ' +
        'Komponentenleitungen sind Mitglieder (2 Teams heißen „Platform“; dieses an seinen Mitgliedern erkannt)',
    );
    expect(suggestionWhy({ why, reason: null })).toBe(
      'its Atlassian team is “Platform”, its lead Kenji Watanabe is a member, and 2 of its component leads are ' +
        'members (2 teams are named “Platform”; this one by its members)',
    );
    expect(
      await speaking('de', () => suggestionWhy({ why: [{ code: 'component_leads_members', count: 1 }], reason: null })),
    ).toBe('eine seiner Komponentenleitungen ist Mitglied');
    // Stored before evidence had codes: the server's English, said to be so.
    expect(
      await speaking('de', () => suggestionWhy({ why: [], reason: 'Platform: its lead Ana Lima is a member' })),
    ).toBe('Vor dieser Version gefunden, auf Englisch: Platform: its lead Ana Lima is a member');
  });

  it("calls a container without a name (an untitled Notion page) so in the reader's language", async () => {
    expect(await speaking('de', () => containerName({ name: '' }))).toBe('Ohne Titel');
    expect(containerName({ name: ' ' })).toBe('Untitled');
    expect(containerName({ name: 'Roadmap' })).toBe('Roadmap');
  });

  it('details what changed since a rule was accepted', async () => {
    expect(await speaking('de', () => flagDetail({ kind: 'renamed', from: 'PAY', to: 'PAYX' }))).toBe(
      'Sein Jira-Schlüssel hat sich von PAY zu PAYX geändert: Die Regel nennt weiter PAY.',
    );
    expect(flagDetail({ kind: 'moved', under: 'Growth' })).toBe(
      'It now sits under “Growth”; the rule still names its team.',
    );
    expect(flagDetail({ kind: 'removed' })).toBeUndefined();
  });
});
