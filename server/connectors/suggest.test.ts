/**
 * The matcher alone (pure): which evidence proposes a team, which leaves a container alone.
 */
import { describe, expect, it } from 'vitest';
import { type SuggestibleContainer, type SuggestTeam, suggestRules } from './suggest.ts';

const teams: SuggestTeam[] = [
  { id: 't-dx', name: 'Developer Experience', slug: 'developer-experience', members: [{ name: 'Ivo Meyer' }] },
  { id: 't-data', name: 'Data', slug: 'data', members: [{ name: 'Mira Sato', email: 'mira@acme.test' }] },
  { id: 't-growth', name: 'Growth', slug: 'growth', members: [{ name: 'Jun Berg' }] },
] as SuggestTeam[];

let n = 0;
const project = (name: string, hints: SuggestibleContainer['hints'] = {}): SuggestibleContainer => {
  n += 1;
  return {
    id: `c${n}`,
    tool: 'jira',
    kind: 'project',
    externalId: String(n),
    key: `K${n}`,
    name,
    parentId: null,
    parentExternalId: null,
    hints,
  };
};

describe('suggestRules', () => {
  it("proposes the team whose whole name qualifies the container's name, at the threshold, saying so", () => {
    const roadmap = project('Developer Experience Roadmap');
    const [suggestion] = suggestRules([roadmap], teams);
    expect(suggestion).toMatchObject({ containerId: roadmap.id, teamId: 't-dx', score: 0.5 });
    expect(suggestion?.why).toEqual([{ code: 'name_names_team', value: 'Developer Experience Roadmap' }]);
  });

  it("leaves a name that only has the team's words apart, or names two teams, to other evidence", () => {
    expect(suggestRules([project('Experience for developers')], teams)).toEqual([]);
    expect(suggestRules([project('Growth Data lake')], teams)).toEqual([]);
    // With a lead who is one of them, that one.
    const lake = project('Growth Data lake', { lead: { name: 'Mira Sato', email: 'mira@acme.test' } });
    expect(suggestRules([lake], teams).map((s) => s.teamId)).toEqual(['t-data']);
  });

  it('does not propose on a name when the lead is a member of another team (evidence that disagrees)', () => {
    const contested = project('Growth API', { lead: { name: 'Mira Sato', email: 'mira@acme.test' } });
    expect(suggestRules([contested], teams)).toEqual([]);
  });

  it('proposes the team whose evidence leaves the runner-up exactly half as much doubt again (no float tie)', () => {
    // Growth: its name (0.5) and two component leads (0.4): 0.7, doubt 0.3. Data: its lead, by name only (0.55):
    // doubt 0.45, exactly 1.5 times as much: clear enough by the rule, however the floats round.
    const ops = project('Growth Ops', {
      lead: { name: 'Mira Sato' },
      componentLeads: [{ name: 'Jun Berg' }, { name: 'Jun Berg' }],
    });
    expect(suggestRules([ops], teams)).toMatchObject([{ teamId: 't-growth', score: 0.7 }]);
    // A little more for Data is a tie again.
    const closer = project('Growth Ops', {
      lead: { name: 'Mira Sato', email: 'mira@acme.test' },
      componentLeads: [{ name: 'Jun Berg' }, { name: 'Jun Berg' }],
    });
    expect(suggestRules([closer], teams)).toEqual([]);
  });

  it("takes a name two teams share as a share of evidence for each, so a member lead decides ('Beacon Platform')", () => {
    const namesakes = [
      ...teams,
      { id: 't-infra', name: 'Platform', slug: 'platform-infra', members: [{ name: 'Ana Lima' }] },
      { id: 't-web', name: 'Platform', slug: 'platform-web', members: [{ name: 'Bo Chen' }] },
    ] as SuggestTeam[];
    expect(suggestRules([project('Beacon Platform', { lead: { name: 'Jun Berg' } })], namesakes)).toMatchObject([
      { teamId: 't-growth', score: 0.55 },
    ]);
    // Alone, the shared name proposes neither; a member lead picks one of the two; a hint keeps its whole weight
    // (a project in the category 'Platform' is no other team's, even with a lead from one).
    expect(suggestRules([project('Platform API')], namesakes)).toEqual([]);
    expect(suggestRules([project('Platform API', { lead: { name: 'Bo Chen' } })], namesakes)).toMatchObject([
      { teamId: 't-web' },
    ]);
    expect(suggestRules([project('Kernel', { category: 'Platform', lead: { name: 'Jun Berg' } })], namesakes)).toEqual(
      [],
    );
  });
});
