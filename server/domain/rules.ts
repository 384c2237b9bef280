import type { z } from 'zod';
import type { OwnershipRule, zOwnershipRuleInput, zOwnershipRulePatch } from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { rules } from './entities.ts';
import type { WriteSession } from './session.ts';
import { deleteEntity, fieldsOf, getEntity, insertEntity, updateEntity } from './store.ts';

export async function createRule(
  session: WriteSession,
  id: string,
  input: z.output<typeof zOwnershipRuleInput>,
): Promise<OwnershipRule> {
  requirePermission(session.actor, 'rule.write');
  return insertEntity(session, rules, id, input);
}

export async function updateRule(
  session: WriteSession,
  id: string,
  baseVersion: number,
  patch: z.output<typeof zOwnershipRulePatch>,
): Promise<OwnershipRule> {
  requirePermission(session.actor, 'rule.write');
  const current = await getEntity(session.tx, rules, session.workspaceId, id);
  return updateEntity(session, rules, current, baseVersion, { ...fieldsOf(current), ...patch });
}

export async function deleteRule(session: WriteSession, id: string, baseVersion: number): Promise<number> {
  requirePermission(session.actor, 'rule.write');
  const current = await getEntity(session.tx, rules, session.workspaceId, id);
  return deleteEntity(session, rules, current, baseVersion);
}
