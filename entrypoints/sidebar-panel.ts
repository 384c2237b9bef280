import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createPanel } from '../utils/sidebar-host/panel.ts';
import { registerPanel } from '../utils/sidebar-host/panel-global.ts';

// The open sidebar's panel (utils/sidebar-host/panel.ts), injected by the background into a work-item tab's content
// script world when the sidebar is about to open (utils/background/panel-script.ts). Not web-accessible.
export default defineUnlistedScript(() => {
  registerPanel(createPanel);
});
