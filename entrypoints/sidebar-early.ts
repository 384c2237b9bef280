import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { askEarlyContext } from '../components/sidebar/early-context.ts';

// The sidebar frame's first ask for its tab's context, run by sidebar.html before the app's modules have loaded
// (components/sidebar/early-context.ts): the background answers while they load.
export default defineUnlistedScript(() => {
  askEarlyContext();
});
