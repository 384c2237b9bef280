/**
 * A deterministic synthetic workspace for search tests and the benchmark: work-like titles built from a fixed
 * vocabulary by a seeded generator, so every run searches the same 10,000 or 50,000 records.
 */
import type { SearchRecord } from '../../utils/search/records.ts';

const WORDS = `
  payment payments checkout stripe adyen billing invoice invoices refund refunds pricing price plan plans trial
  onboarding signup login password reset account accounts team teams goal goals roadmap quarter launch release
  mobile android ios web desktop api gateway latency outage incident postmortem oncall rotation alert alerts
  dashboard metrics analytics funnel conversion retention churn growth experiment rollout migration database
  postgres redis cache queue worker cron backup restore encryption security audit compliance gdpr sepa europe
  support ticket tickets response hours sla escalation customer customers enterprise partner partners contract
  legal review design spec prototype research interview feedback survey marketing campaign email newsletter
  search index ranking relevance sidebar popup extension notion asana jira gmail hiring interview offer budget
  forecast revenue expansion localization translation accessibility performance reliability availability
  kubernetes terraform deploy pipeline ci flaky tests coverage refactor deprecate sunset archive vendor renewal
`
  .trim()
  .split(/\s+/);

/** mulberry32: small, fast and the same everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const idOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function title(random: () => number, words: number): string {
  return capitalize(Array.from({ length: words }, () => pick(random, WORDS)).join(' '));
}

/** `count` records: about 1% teams, 5% goals, 50% decisions and 44% items, with recency spread over two years. */
export function syntheticRecords(count: number, seed = 7): SearchRecord[] {
  const random = seededRandom(seed);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const records: SearchRecord[] = [];
  for (let n = 1; n <= count; n += 1) {
    const roll = random();
    const recency = start + Math.floor(random() * 730 * 86_400_000);
    const base = { id: idOf(n), recency };
    if (roll < 0.01) {
      const name = title(random, 2);
      records.push({ ...base, kind: 'team', title: name, aka: name.toLowerCase().replace(/\s+/g, '-') });
    } else if (roll < 0.06) {
      records.push({
        ...base,
        kind: 'goal',
        title: title(random, 3 + Math.floor(random() * 4)),
        aka: '',
        status: 'on_track',
        ownerTeamId: null,
      });
    } else if (roll < 0.56) {
      const decidedAt = new Date(recency).toISOString();
      records.push({
        ...base,
        kind: 'decision',
        title: title(random, 4 + Math.floor(random() * 6)),
        aka: '',
        status: 'accepted',
        decidedAt,
        teamId: null,
        goalId: null,
      });
    } else {
      const key = `PRJ-${n}`;
      records.push({
        ...base,
        kind: 'item',
        title: title(random, 3 + Math.floor(random() * 6)),
        aka: key,
        tool: 'jira',
        url: `https://acme.atlassian.net/browse/${key}`,
        itemKey: `jira:acme.atlassian.net/${key}`,
      });
    }
  }
  return records;
}

/** Swaps two neighbouring letters in the middle of a word: the most common typing slip. */
function typo(word: string): string {
  if (word.length < 4) return word;
  const at = Math.floor(word.length / 2);
  return `${word.slice(0, at - 1)}${word[at]}${word[at - 1]}${word.slice(at + 1)}`;
}

/**
 * The fixed query set: exact titles, title prefixes, two-word phrases from a title, the same with a typo, a
 * single word with a typo, and item keys, drawn from the records themselves so every query has a right answer.
 */
export function syntheticQueries(records: readonly SearchRecord[], count = 60, seed = 11): string[] {
  const random = seededRandom(seed);
  const queries: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const record = pick(random, records);
    const words = record.title.toLowerCase().split(' ');
    const at = Math.floor(random() * Math.max(1, words.length - 1));
    const phrase = words.slice(at, at + 2);
    switch (n % 6) {
      case 0:
        queries.push(record.title);
        break;
      case 1:
        queries.push(record.title.slice(0, Math.max(4, Math.floor(record.title.length / 2))));
        break;
      case 2:
        queries.push(phrase.join(' '));
        break;
      case 3:
        queries.push(phrase.map(typo).join(' '));
        break;
      case 4:
        queries.push(typo(pick(random, words)));
        break;
      default:
        queries.push(record.aka || words.slice(0, 3).join(' '));
    }
  }
  return queries;
}

/** How many of `expected`'s ids `actual` also has, as a share of `expected` (1 when both are empty). */
export function overlap(expected: readonly string[], actual: readonly string[]): number {
  if (expected.length === 0) return actual.length === 0 ? 1 : 0;
  const found = new Set(actual);
  return expected.filter((id) => found.has(id)).length / expected.length;
}
