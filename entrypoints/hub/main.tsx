import { createRoot } from 'react-dom/client';
import { HubApp } from '../../components/hub/HubApp.tsx';
import '../../components/ui/theme.css';
import { openDb } from '../../utils/db/index.ts';

const root = document.getElementById('root');
if (root) createRoot(root).render(<HubApp db={openDb()} />);
