import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { OptionsPage } from '../../components/options/OptionsPage.tsx';
import { ErrorBoundary } from '../../components/ui/ErrorBoundary.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what="the settings" resetKey="options">
        <OptionsPage />
      </ErrorBoundary>
    </StrictMode>,
  );
}
