import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { PopupApp } from '../../components/popup/PopupApp.tsx';
import { ErrorBoundary } from '../../components/ui/ErrorBoundary.tsx';
import { applyUiLocale, t } from '../../utils/i18n.ts';
import { holdLiveWhileOpen } from '../../utils/sync/live-port.ts';

// While this page is open, a colleague's write shows here within a second (utils/sync/live.ts).
holdLiveWhileOpen();

applyUiLocale(document.documentElement);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what={t('popup.thePopup')} resetKey="popup">
        <PopupApp />
      </ErrorBoundary>
    </StrictMode>,
  );
}
