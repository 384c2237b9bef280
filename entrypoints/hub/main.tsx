import { createRoot } from 'react-dom/client';
import { HubApp, THEME_KEY } from '../../components/hub/HubApp.tsx';
import { applyTheme, type ThemeMode } from '../../components/ui/theme.ts';
import '../../components/ui/theme.css';
import { openDb } from '../../utils/db/index.ts';

// The theme is applied before the first render, so a dark-mode user never sees a white flash.
applyTheme((localStorage.getItem(THEME_KEY) as ThemeMode | null) ?? 'system');
const root = document.getElementById('root');
if (root) createRoot(root).render(<HubApp db={openDb()} />);
