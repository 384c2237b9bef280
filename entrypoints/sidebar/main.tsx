import { createRoot } from 'react-dom/client';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import '../../components/ui/theme.css';
import { applyUiLocale, t } from '../../utils/i18n.ts';
import { holdLiveWhileOpen } from '../../utils/sync/live-port.ts';

// While this page is open, a colleague's write shows here within a second (utils/sync/live.ts).
holdLiveWhileOpen();

applyUiLocale(document.documentElement, t('sidebar.windowTitle'));
const container = document.getElementById('root');
if (container) createRoot(container).render(<SidebarApp />);
