/** The benchmarks' one data generator: valid rows by the contract, and runnable inside a page as it is. */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { syntheticWorkspace } from '../../scripts/bench/workspace.ts';
import { zDecision, zGoal, zItem, zLink, zOwnershipRule, zTeam } from '../../utils/contract.ts';

const counts = { team: 12, goal: 40, rule: 8, item: 60, link: 30, decision: 25 };

describe("the benchmarks' workspace generator", () => {
  it('makes the counts asked for, every row valid by the contract', () => {
    const workspace = syntheticWorkspace(counts);
    const schemas = {
      teams: zTeam,
      goals: zGoal,
      rules: zOwnershipRule,
      items: zItem,
      links: zLink,
      decisions: zDecision,
    };
    for (const [table, schema] of Object.entries(schemas)) {
      const rows = workspace[table as keyof typeof workspace];
      expect(rows.length, table).toBe(counts[table.slice(0, -1) as keyof typeof counts]);
      for (const row of rows) expect(schema.safeParse(row).error, table).toBeUndefined();
    }
  });

  it('refers to nothing outside itself, so a page can run its source and get the same rows', () => {
    const inAnotherRealm = runInNewContext(`(${syntheticWorkspace.toString()})(${JSON.stringify(counts)})`);
    expect(JSON.stringify(inAnotherRealm)).toBe(JSON.stringify(syntheticWorkspace(counts)));
  });
});
