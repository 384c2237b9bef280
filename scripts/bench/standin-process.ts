/**
 * The tool stand-in in a process of its own, for the import benchmark (scripts/bench/connectors.ts): a tool is
 * another machine, so its work (building and checking 10,000 answers against the published schemas) must not be
 * counted as the server's CPU time, nor compete with the server for one core's event loop.
 *
 *   node scripts/bench/standin-process.ts '{"jiraProjects":10000,"asanaProjects":0}' '{"latencyMs":50}'
 *
 * It builds the fixture organisation from those options (createFixtureOrg is deterministic), sends `{ url }` over
 * IPC once it listens, and on the message `close` answers `{ requests, peakConcurrency, invalidAnswers, cpuSeconds }`
 * (its own CPU time since it listened: the tool's work the import waited on) and ends.
 */
import { createFixtureOrg } from '../../server/testing/fixture-org.ts';
import { startStandin } from '../../server/testing/tool-standin.ts';

const [orgOptions = '{}', faults = '{}'] = process.argv.slice(2);
const org = createFixtureOrg(JSON.parse(orgOptions));
const standin = await startStandin(org.tools, JSON.parse(faults));
const cpuBefore = process.cpuUsage();
process.send?.({ url: standin.url });
process.on('message', async (message) => {
  if (message !== 'close') return;
  const report = {
    requests: standin.requests.length,
    peakConcurrency: standin.peakConcurrency,
    invalidAnswers: standin.invalidAnswers.slice(0, 5),
    cpuSeconds: ((cpu) => (cpu.user + cpu.system) / 1e6)(process.cpuUsage(cpuBefore)),
  };
  await standin.close();
  process.send?.(report, () => process.exit(0));
});
