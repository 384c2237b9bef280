import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { OptionsPage } from '../../components/options/OptionsPage.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <OptionsPage />
    </StrictMode>,
  );
}
