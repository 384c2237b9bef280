import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { PopupApp } from '../../components/popup/PopupApp.tsx';
import { ErrorBoundary } from '../../components/ui/ErrorBoundary.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what="the popup" resetKey="popup">
        <PopupApp />
      </ErrorBoundary>
    </StrictMode>,
  );
}
