import { describe, expect, it } from 'vitest';
import {
  leastRoleFor,
  may,
  PERMISSION_OF_MUTATION,
  PERMISSIONS,
  type Permission,
  zMutation,
} from '../../utils/contract.ts';

const all = Object.keys(PERMISSIONS) as Permission[];
const held = (role: Parameters<typeof may>[0]) => all.filter((permission) => may(role, permission));

describe('who may do what (the contract table)', () => {
  it('gives admins everything, members the work (items, links, decisions, notes, goals), viewers nothing', () => {
    expect(held('admin')).toEqual(all);
    expect(held('member').sort()).toEqual(['decision.write', 'goal.write', 'item.write', 'link.write', 'note.write']);
    expect(held('viewer')).toEqual([]);
  });

  it('gives an unknown role (not connected yet) nothing', () => {
    expect(held(null)).toEqual([]);
    expect(held(undefined)).toEqual([]);
  });

  it('names the least role that holds a permission, for the refusal message', () => {
    expect(leastRoleFor('link.write')).toBe('member');
    expect(leastRoleFor('rule.write')).toBe('admin');
  });

  it('maps every mutation type to a permission of the table', () => {
    const types = zMutation.options.map((option) => option.shape.type.value).sort();
    expect(Object.keys(PERMISSION_OF_MUTATION).sort()).toEqual(types);
    for (const permission of Object.values(PERMISSION_OF_MUTATION)) expect(all).toContain(permission);
  });
});
