import { describe, expect, it } from 'vitest';
import { requestAccess, toolsWithoutAccess, withdrawnAccessMessage } from '../../utils/site-access.ts';
import { HOST_PATTERNS_BY_TOOL, SUPPORTED_HOST_PATTERNS } from '../../utils/sites/host-patterns.ts';

const allOn = { notion: true, asana: true, jira: true, gmail: true };
/** Permissions granted for every pattern but `withdrawn`. */
const granted = (withdrawn: string[]) => ({
  contains: async ({ origins }: { origins: string[] }) => origins.every((origin) => !withdrawn.includes(origin)),
});

describe('withdrawn site access', () => {
  it('names the tools whose site access is gone, in the tool list order', async () => {
    expect(await toolsWithoutAccess(granted([]), allOn)).toEqual([]);
    const withdrawn = ['https://mail.google.com/*', 'https://notion.so/*'];
    expect(await toolsWithoutAccess(granted(withdrawn), allOn)).toEqual(['notion', 'gmail']);
  });

  it('does not count a tool the user turned off in Hallway', async () => {
    expect(await toolsWithoutAccess(granted(['https://mail.google.com/*']), { ...allOn, gmail: false })).toEqual([]);
  });

  it("asks again for exactly the tools' patterns, in one request", async () => {
    const asked: string[][] = [];
    const permissions = {
      request: async ({ origins }: { origins: string[] }) => {
        asked.push(origins);
        return true;
      },
    };
    expect(await requestAccess(permissions, ['notion', 'gmail'])).toBe(true);
    expect(asked).toEqual([[...HOST_PATTERNS_BY_TOOL.notion, ...HOST_PATTERNS_BY_TOOL.gmail]]);
  });

  it('says which tools, in words', () => {
    expect(withdrawnAccessMessage(['jira'])).toBe(
      'Hallway can no longer see Jira: its site access was withdrawn in the browser.',
    );
    expect(withdrawnAccessMessage(['notion', 'jira', 'gmail'])).toBe(
      'Hallway can no longer see Notion, Jira and Gmail: their site access was withdrawn in the browser.',
    );
  });

  it('knows every supported pattern as some tool’s', () => {
    expect(Object.values(HOST_PATTERNS_BY_TOOL).flat()).toEqual(SUPPORTED_HOST_PATTERNS);
  });
});
