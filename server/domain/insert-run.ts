import { type EntityName, type Mutation, type MutationResult, PERMISSION_OF_MUTATION } from '../../utils/contract.ts';
import { allows } from './actor.ts';
import { newDecisionFields } from './decisions.ts';
import { decisions, goals, items, links, rules, teams } from './entities.ts';
import { newGoalFields } from './goals.ts';
import { canonicalRef, ITEM_KEY_CONFLICT, refreshItem } from './items.ts';
import { linkFields } from './links.ts';
import type { WriteSession } from './session.ts';
import { type EntitySpec, type Fields, insertEntities, type Meta, type MetaRow, recordSaved } from './store.ts';

type ItemInput = Extract<Mutation, { type: 'item.upsert' }>['data'];

interface Effect {
  entity: EntityName;
  id: string;
  version: number;
}

/** One table's share of a run: its rows go in with one multi-row INSERT. */
class TableInserts<Row extends MetaRow, Api extends Meta> {
  readonly #spec: EntitySpec<Row, Api>;
  readonly #onConflict: string;
  #rows: { id: string; fields: Fields<Api> }[] = [];
  #inserted = new Map<string, Api>();

  constructor(spec: EntitySpec<Row, Api>, onConflict = '') {
    this.#spec = spec;
    this.#onConflict = onConflict;
  }

  add(id: string, fields: Fields<Api>) {
    this.#rows.push({ id, fields });
    return this;
  }

  async insert(session: WriteSession) {
    if (this.#rows.length === 0) return;
    this.#inserted = await insertEntities(session, this.#spec, this.#rows, this.#onConflict);
    this.#rows = [];
  }

  /** Records the inserted row of `id` in the feed; undefined when ON CONFLICT … DO NOTHING skipped it. */
  take(session: WriteSession, id: string): Effect | undefined {
    const api = this.#inserted.get(id);
    if (!api) return undefined;
    recordSaved(session, this.#spec, api);
    return { entity: this.#spec.entity, id, version: api.version };
  }
}

interface Entry {
  index: number;
  /** The session of the mutation's actor: a run may hold the mutations of several actors of one transaction. */
  session: WriteSession;
  mutationId: string;
  hash: string;
  id: string;
  table: Pick<TableInserts<MetaRow, Meta>, 'take'>;
  /** An item upsert whose key may exist already: then the existing item is refreshed instead. */
  item?: ItemInput;
}

export interface RunResult {
  index: number;
  mutationId: string;
  hash: string;
  result: MutationResult;
}

/**
 * Consecutive plain creates of a batch, written with one INSERT per table instead of one per mutation, which is
 * most of a batch's round trips. It must give exactly what applying them one by one gives, so a mutation joins the
 * run only when that holds:
 * - tables are written in foreign-key order (teams, goals, then the tables that reference them) and a foreign key
 *   is checked at the end of its statement, so a reference to an entity created earlier in the run resolves, as it
 *   would one by one;
 * - a reference to an entity created later would not resolve one by one, so creating an id that the run already
 *   references, reusing an id, an item key or a mutation id of the run ends the run first (`accepts`);
 * - any failure (a taken id, a missing reference, a duplicate link) throws: the caller then re-runs the batch one
 *   mutation at a time with savepoints, which gives each mutation its own result.
 * Results and feed changes are produced in mutation order.
 */
export class InsertRun {
  #entries: Entry[] = [];
  #tables = InsertRun.#emptyTables();
  readonly #created = new Set<string>();
  readonly #referenced = new Set<string>();
  readonly #mutationIds = new Set<string>();
  readonly #itemKeys = new Set<string>();

  static #emptyTables() {
    return {
      teams: new TableInserts(teams),
      goals: new TableInserts(goals),
      decisions: new TableInserts(decisions),
      items: new TableInserts(items, ITEM_KEY_CONFLICT),
      links: new TableInserts(links),
      rules: new TableInserts(rules),
    };
  }

  /** False when `mutation` must not be applied before the run is written (see the class comment). */
  accepts(mutation: Mutation): boolean {
    if (this.#mutationIds.has(mutation.mutationId)) return false;
    if (!('id' in mutation)) return true;
    if (this.#created.has(mutation.id) || this.#referenced.has(mutation.id)) return false;
    return !(mutation.type === 'item.upsert' && this.#itemKeys.has(mutation.data.ref.key));
  }

  /**
   * Takes `mutation`, of the actor of `session`, into the run when it is a plain create that actor may apply; false
   * leaves it to the caller.
   */
  add(session: WriteSession, index: number, mutation: Mutation, hash: string): boolean {
    // A refusal is the one-by-one path's to give, with its own result.
    if (!allows(session.actor, PERMISSION_OF_MUTATION[mutation.type])) return false;
    let table: Entry['table'];
    let references: (string | null | undefined)[] = [];
    let item: ItemInput | undefined;
    switch (mutation.type) {
      case 'team.create':
        table = this.#tables.teams.add(mutation.id, mutation.data);
        references = [mutation.data.parentTeamId];
        break;
      case 'goal.create':
        table = this.#tables.goals.add(mutation.id, newGoalFields(session, mutation.data));
        references = [mutation.data.ownerTeamId, mutation.data.parentGoalId];
        break;
      case 'decision.create':
        // Superseding also rewrites the replaced decision: that one goes the one-by-one way.
        if (mutation.data.supersedes) return false;
        table = this.#tables.decisions.add(mutation.id, newDecisionFields(mutation.data, session.actor.userName));
        references = [mutation.data.teamId, mutation.data.goalId];
        break;
      case 'item.upsert': {
        const ref = canonicalRef(mutation.data.ref);
        // A URL that does not open the item its key names is refused one by one, with its reason.
        if (!ref) return false;
        // A Gmail thread with its shared key may take over what its mailbox-local key had: one by one, too.
        if (ref.messageId) return false;
        item = { ...mutation.data, ref };
        table = this.#tables.items.add(mutation.id, item);
        this.#itemKeys.add(ref.key);
        break;
      }
      case 'link.create': {
        // An owner or goal link replaces the item's current one: that goes the one-by-one way too.
        if (mutation.data.kind !== 'related') return false;
        const { data } = mutation;
        table = this.#tables.links.add(mutation.id, linkFields(session, data));
        break;
      }
      case 'rule.create':
        table = this.#tables.rules.add(mutation.id, mutation.data);
        references = [mutation.data.teamId, mutation.data.goalId];
        break;
      default:
        return false;
    }
    for (const reference of references) if (reference) this.#referenced.add(reference);
    this.#created.add(mutation.id);
    this.#mutationIds.add(mutation.mutationId);
    this.#entries.push({
      index,
      session,
      mutationId: mutation.mutationId,
      hash,
      id: mutation.id,
      table,
      ...(item && { item }),
    });
    return true;
  }

  /** Writes the run (throws when any of it fails) and returns each mutation's result, in order. */
  async write(): Promise<RunResult[]> {
    const entries = this.#entries;
    const session = entries[0]?.session;
    if (!session) return [];
    const tables = this.#tables;
    this.#entries = [];
    this.#tables = InsertRun.#emptyTables();
    this.#created.clear();
    this.#referenced.clear();
    this.#mutationIds.clear();
    this.#itemKeys.clear();
    for (const table of Object.values(tables)) await table.insert(session);
    const results: RunResult[] = [];
    for (const { index, session, mutationId, hash, id, table, item } of entries) {
      let effect = table.take(session, id);
      if (!effect && item) {
        const refreshed = await refreshItem(session, item);
        effect = { entity: 'item', id: refreshed.id, version: refreshed.version };
      }
      if (!effect) throw new Error(`a batched insert of ${id} returned no row`);
      results.push({ index, mutationId, hash, result: { mutationId, status: 'applied', ...effect } });
    }
    return results;
  }
}
