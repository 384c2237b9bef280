import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/ui/theme.css';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
