import '../../utils/zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { CaptureApp } from '../../components/capture/CaptureApp.tsx';
import { ErrorBoundary } from '../../components/ui/ErrorBoundary.tsx';
import { applyUiLocale, t } from '../../utils/i18n.ts';

applyUiLocale(document.documentElement, t('capture.windowTitle'));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what={t('capture.thisForm')} resetKey="capture">
        <CaptureApp draftId={new URLSearchParams(location.search).get('draft')} />
      </ErrorBoundary>
    </StrictMode>,
  );
}
