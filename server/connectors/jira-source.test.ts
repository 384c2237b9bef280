/**
 * The Jira source alone (no database): how it spreads its requests over time. At most JIRA_CONCURRENCY at once,
 * a 429 holds every request back for its Retry-After, and it reads only a few pages ahead of what was taken, so
 * 10,000 projects never sit in memory at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureOrg } from '../testing/fixture-org.ts';
import { STANDIN_EMAIL, STANDIN_TOKEN, type Standin, startStandin } from '../testing/tool-standin.ts';
import { JIRA_CONCURRENCY, JIRA_PAGE_SIZE, JIRA_PAGES_AHEAD, jiraSource } from './jira.ts';

const standins: Standin[] = [];
afterEach(async () => {
  for (const standin of standins.splice(0)) {
    expect(standin.invalidAnswers).toEqual([]);
    await standin.close();
  }
});
const sourceOf = (standin: Standin) =>
  jiraSource({ flavour: 'cloud', baseUrl: standin.url, email: STANDIN_EMAIL, apiToken: STANDIN_TOKEN });

describe('the Jira source', () => {
  it('sends at most JIRA_CONCURRENCY requests at once, and after a 429 none until its Retry-After has passed', async () => {
    const org = createFixtureOrg({ jiraProjects: 150, asanaProjects: 0 });
    // The 40th request (a component list, with others under way beside it) is answered 429, Retry-After: 1.
    const jira = await startStandin({ jira: org.tools.jira }, { latencyMs: 20, rateLimitAt: [40] });
    standins.push(jira);
    let projects = 0;
    for await (const page of sourceOf(jira).pages()) {
      expect(page.problems).toEqual([]);
      projects += page.containers.filter((c) => c.kind === 'project').length;
    }
    expect(projects).toBe(150);
    expect(jira.peakConcurrency).toBeGreaterThan(1);
    expect(jira.peakConcurrency).toBeLessThanOrEqual(JIRA_CONCURRENCY);
    // Refused at `refusedAt` (its arrival and the stand-in's 20 ms): only requests already on their way when the
    // refusal came back arrive in the second after it; the rest wait (one request per 20 ms per slot otherwise).
    const refusedAt = (jira.arrivals[39] as number) + 20;
    const during = jira.arrivals.filter((at, n) => n !== 39 && at >= refusedAt && at < refusedAt + 900);
    expect(during.length).toBeLessThanOrEqual(JIRA_CONCURRENCY);
    expect(jira.requests.length).toBe(1 + 150 / JIRA_PAGE_SIZE + 150);
  });

  it('reads only a few pages ahead of the page taken, and stops reading when the import stops', async () => {
    const org = createFixtureOrg({ jiraProjects: 10_000, asanaProjects: 0, components: false });
    const jira = await startStandin({ jira: org.tools.jira });
    standins.push(jira);
    const pages = sourceOf(jira).pages();
    const first = await pages.next();
    expect(first.value?.containers).toHaveLength(JIRA_PAGE_SIZE);
    // The consumer is busy storing it: the source reads no further than its pages ahead meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const searches = () => jira.requests.filter((r) => r.includes('/project/search')).length;
    expect(searches()).toBeLessThanOrEqual(JIRA_PAGES_AHEAD);
    expect(jira.requests.length).toBeLessThanOrEqual(JIRA_PAGES_AHEAD * (JIRA_PAGE_SIZE + 1));
    // Stopped: nothing new is sent; only requests already on their way (one per slot at most) may still arrive.
    await pages.return(undefined);
    const atStop = jira.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(jira.requests.length - atStop).toBeLessThanOrEqual(JIRA_CONCURRENCY);
    expect(searches()).toBeLessThanOrEqual(JIRA_PAGES_AHEAD);
  });
});
