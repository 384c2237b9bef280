import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { CaptureApp } from '../../components/capture/CaptureApp.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <CaptureApp draftId={new URLSearchParams(location.search).get('draft')} />
    </StrictMode>,
  );
}
