import '../../utils/zod-jitless.ts';
import { createRoot } from 'react-dom/client';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import '../../components/ui/theme.css';
import { applyUiLocale, t } from '../../utils/i18n.ts';
import { holdLiveWhileOpen } from '../../utils/sync/live-port.ts';

// The browser's own side panel (Chrome's side panel, Firefox's sidebar): the same sidebar as the page's, for the
// window's active tab. While it is open, a colleague's write shows here within a second (utils/sync/live.ts).
holdLiveWhileOpen();

applyUiLocale(document.documentElement, t('sidebar.panelWindowTitle'));
const container = document.getElementById('root');
if (container) createRoot(container).render(<SidebarApp host="panel" />);
