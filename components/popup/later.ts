/**
 * What the popup shows or needs only after its first render: the parts under the form, the site switch, the sign-in
 * and site-access notices, the link form, and the resolution of the current tab's team and goal. Loaded from its
 * first render on (`PopupApp`'s lazy parts, `useCurrentTab`), so that the popup is ready for typing before zod (the
 * settings, the contract's review logic) and the resolution's modules are fetched and run (issue 19).
 */
import '../../utils/zod-jitless.ts';

export { dexieSource, resolveContext } from '../../utils/resolve/index.ts';
export { SiteAccessNotice } from '../ui/SiteAccessNotice.tsx';
export { LinkForm } from './LinkForm.tsx';
export { PopupSignIn } from './PopupSignIn.tsx';
export { ReviewsDue } from './ReviewsDue.tsx';
export { SiteSwitch } from './SiteSwitch.tsx';
export { SyncLine } from './SyncLine.tsx';
