/**
 * Owner, goal and decisions of every item (`attributeItems`, the one resolution), computed once per mirror state and
 * shared by every view that needs it (`use-attribution.ts`). A module of its own, loaded after the hub's first render:
 * the resolution brings the contract and zod with it, which the overview's counts do not wait for (issue 19). The
 * hub's data provider loads it in idle time once the tables are in, and computes the attribution there.
 */
import { type Attribution, type AttributionInput, attributeItems } from '../../utils/snapshot/ownership.ts';

const attributionCache = new WeakMap<AttributionInput['items'], { inputs: AttributionInput; value: Attribution }>();

export function attributionFor(inputs: AttributionInput): Attribution {
  const cached = attributionCache.get(inputs.items);
  const same =
    cached && (Object.keys(inputs) as (keyof AttributionInput)[]).every((k) => cached.inputs[k] === inputs[k]);
  if (cached && same) return cached.value;
  const value = attributeItems(inputs);
  attributionCache.set(inputs.items, { inputs, value });
  return value;
}
