/** What `npm start` prints once the server and the development build are ready; kept apart to be tested. */
export interface StartFacts {
  serverUrl: string;
  /** The development build's folder, as Chromium's "Load unpacked" wants it. */
  extensionDir: string;
  /** Where the admin token the build is signed in with is kept. */
  tokenFile: string;
  /** WXT opened a browser with the build loaded (there is a display). */
  browserOpened: boolean;
  /** The workspace was just created: print the whole guide, not only the summary. */
  firstStart: boolean;
}

export function startGuide(facts: StartFacts): string {
  const summary = [
    '',
    `Hallway is running. Server: ${facts.serverUrl} (admin token in ${facts.tokenFile})`,
    `Extension (development build, signed in as the admin): ${facts.extensionDir}`,
  ];
  const load = facts.browserOpened
    ? 'The Chromium window WXT opened has it loaded; it reloads as you edit.'
    : `No display, so no browser was opened: in Chromium or Chrome open chrome://extensions, turn on "Developer mode", choose "Load unpacked" and pick ${facts.extensionDir}`;
  if (!facts.firstStart) return [...summary, facts.browserOpened ? '' : load].filter(Boolean).join('\n');
  return [
    ...summary,
    '',
    'What next:',
    `  1. ${load}`,
    '  2. Open a Notion page, Asana task, Jira issue or Gmail thread: the launcher at the page edge shows its team,',
    '     goal and decisions (Alt+Shift+H opens the sidebar). The toolbar button captures a decision; the hub maps it all.',
    `  3. Any other browser or teammate: load a build (npm run build), open Hallway's options, enter the server URL`,
    `     ${facts.serverUrl} and a token from \`npm run token -- create --name <name> --role member\` (works while this runs).`,
    '',
  ].join('\n');
}
