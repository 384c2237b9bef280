import '../../utils/zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { CaptureApp } from '../../components/capture/CaptureApp.tsx';
import { ErrorBoundary } from '../../components/ui/ErrorBoundary.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what="this form" resetKey="capture">
        <CaptureApp draftId={new URLSearchParams(location.search).get('draft')} />
      </ErrorBoundary>
    </StrictMode>,
  );
}
