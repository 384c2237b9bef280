/**
 * The owner a page names itself (Jira's Team field, the Asana project's team), read by the adapters' pure
 * `extractContext` from dated fixtures built like the real markup, and set beside Hallway's owner as the page's
 * claim: a disagreement flagged, an agreement quiet, the one resolution left to decide.
 */
import { describe, expect, it } from 'vitest';
import type { ItemContext } from '../../utils/contract.ts';
import { extractContext } from '../../utils/detect/index.ts';
import { boundPage } from '../../utils/page/bounds.ts';
import { pageOwnerClaim } from '../../utils/resolve/page-claim.ts';
import { team } from '../support/sync-fixtures.ts';
import { fixtureDocument } from './fixture-document.ts';

describe("the page's own owner", () => {
  it("reads a Jira issue's Team field, and nothing where the issue has none", () => {
    const withTeam = extractContext('jira', fixtureDocument('jira/2026-12-01-cloud-issue-team.html'));
    expect(withTeam.context).toEqual({ jiraProject: 'Payments', jiraIssueType: 'Bug', jiraTeam: 'Growth & Retention' });
    expect(
      extractContext('jira', fixtureDocument('jira/2026-11-01-cloud-issue.html')).context.jiraTeam,
    ).toBeUndefined();
    expect(
      extractContext('jira', fixtureDocument('jira/2026-11-01-server-issue.html')).context.jiraTeam,
    ).toBeUndefined();
  });

  it("reads the team the task's project header links to, not the sidebar's list of every team", () => {
    const doc = fixtureDocument('asana/2026-12-01-task-pane-team.html');
    expect(extractContext('asana', doc).context.asanaTeam).toBe('Marketing');
    expect(
      extractContext('asana', fixtureDocument('asana/2026-11-01-task-pane.html')).context.asanaTeam,
    ).toBeUndefined();
    // Two teams named in the header and the pane: no one claim.
    const pane = doc.querySelector('.TaskPane') as Element;
    const other = doc.createElement('a');
    other.setAttribute('href', 'https://app.asana.com/1/315335535171535/team/1201000000000002');
    other.textContent = 'Platform';
    pane.append(other);
    expect(extractContext('asana', doc).context.asanaTeam).toBeUndefined();
  });

  it('is cut to its bound, like every page text', () => {
    const page = boundPage({ title: 'x', context: { jiraTeam: 'T'.repeat(600), asanaTeam: 'A'.repeat(300) } });
    expect(page.context.jiraTeam).toHaveLength(255);
    expect(page.context.asanaTeam?.endsWith('…')).toBe(true);
  });
});

describe("the page's claim beside Hallway's owner", () => {
  const payments = team('Payments', { slug: 'payments' });
  const platform = team('Platform Core', { slug: 'platform-core' });
  const claim = (tool: 'jira' | 'asana' | 'gmail', context: ItemContext, owner = payments) =>
    pageOwnerClaim(tool, context, owner);

  it('flags a page that names another team than Hallway', () => {
    expect(claim('jira', { jiraTeam: 'Growth' })).toEqual({
      source: "Jira's Team field",
      name: 'Growth',
      verdict: 'disagrees',
    });
    expect(claim('asana', { asanaTeam: 'Marketing' })?.verdict).toBe('disagrees');
  });

  it('agrees quietly by name or slug, case, spacing and hyphens aside', () => {
    expect(claim('jira', { jiraTeam: 'payments' })?.verdict).toBe('agrees');
    expect(claim('jira', { jiraTeam: ' PLATFORM  core ' }, platform)?.verdict).toBe('agrees');
    expect(claim('jira', { jiraTeam: 'platform_core' }, platform)?.verdict).toBe('agrees');
    expect(claim('jira', { jiraTeam: 'Platform' }, platform)?.verdict).toBe('disagrees');
  });

  it('is only the claim where Hallway has no owner, and nothing where the page names none', () => {
    expect(pageOwnerClaim('jira', { jiraTeam: 'Growth' }, null)?.verdict).toBe('unowned');
    expect(claim('jira', {})).toBeNull();
    expect(claim('jira', { jiraTeam: '   ' })).toBeNull();
    // A fact of another tool is no claim about this one.
    expect(claim('gmail', { jiraTeam: 'Growth' })).toBeNull();
    expect(claim('asana', { jiraTeam: 'Growth' })).toBeNull();
  });
});
