import type { ContentPush, LauncherSummary } from '../messaging/protocol.ts';

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isShortText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const isNullableText = (value: unknown, max: number) => value === null || isShortText(value, max);

function parseSummary(value: unknown): LauncherSummary | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object') return undefined;
  const { itemKey, team, goal, decisions, pending } = value as Record<string, unknown>;
  if (!isShortText(itemKey, 512) || !isNullableText(team, 200) || !isNullableText(goal, 200)) return undefined;
  if (!isCount(decisions) || !isCount(pending)) return undefined;
  return { itemKey, team: team as string | null, goal: goal as string | null, decisions, pending };
}

/**
 * Checks a message to the content script by shape. Only Hallway's background can send one (web pages cannot call
 * `runtime.sendMessage` to an extension without `externally_connectable`), so this guards against bugs and version
 * skew, cheaply and without zod.
 */
export function parseContentPush(message: unknown): ContentPush | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, summary } = message as Record<string, unknown>;
  if (type === 'sidebar.toggle' || type === 'sidebar.close') return { type };
  if (type !== 'launcher.summary') return null;
  const parsed = parseSummary(summary);
  return parsed === undefined ? null : { type, summary: parsed };
}
