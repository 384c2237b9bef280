import { createRoot } from 'react-dom/client';
import { askCountsEarly } from '../../components/hub/data.tsx';
import { HubApp } from '../../components/hub/HubApp.tsx';
import '../../components/ui/theme.css';
import { openDb } from '../../utils/db/index.ts';
import { applyUiLocale, t } from '../../utils/i18n.ts';
import { holdLiveWhileOpen } from '../../utils/sync/live-port.ts';

// While this page is open, a colleague's write shows here within a second (utils/sync/live.ts).
holdLiveWhileOpen();
// The overview's counts are asked before the first render, which they would otherwise wait for.
askCountsEarly();

applyUiLocale(document.documentElement, t('hub.windowTitle'));
const root = document.getElementById('root');
if (root) createRoot(root).render(<HubApp db={openDb()} />);
