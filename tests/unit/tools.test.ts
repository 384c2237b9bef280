import { describe, expect, it } from 'vitest';
import { itemKeyName, itemName } from '../../utils/tools.ts';
import { speaking } from '../support/locale-messages.ts';

describe("an item's name", () => {
  const untitled = { ref: { tool: 'notion', id: '4f8e2a1c9b7d4e6fa1b2c3d4e5f60718' } } as const;

  it('is its title, else its readable id, else what an untitled item of its tool is called', () => {
    expect(itemName({ title: ' SEPA design ', ref: untitled.ref })).toBe('SEPA design');
    expect(itemName({ title: '  ', ref: { tool: 'jira', id: 'PAY-1' } })).toBe('PAY-1');
    expect(itemName(untitled)).toBe('Untitled Notion page');
    expect(itemName({ ref: { tool: 'gmail', id: 'FMfcgz' } })).toBe('Untitled Gmail thread');
    expect(itemKeyName('jira:acme.atlassian.net/PAY-7')).toBe('PAY-7');
    expect(itemKeyName('asana:1209')).toBe('Untitled Asana task');
    expect(itemKeyName('trello:abc')).toBe('Unknown item');
  });

  it("is said in the browser's language when it has no title", async () => {
    expect(
      await speaking('de', () => [
        itemName(untitled),
        itemName({ ref: { tool: 'jira', id: '' } }),
        itemKeyName('asana:1209'),
        itemKeyName('trello:abc'),
      ]),
    ).toEqual(['Unbenannte Notion-Seite', 'Unbenanntes Jira-Issue', 'Unbenannte Asana-Aufgabe', 'Unbekanntes Element']);
  });
});
