import { createRoot } from 'react-dom/client';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import '../../components/ui/theme.css';

const container = document.getElementById('root');
if (container) createRoot(container).render(<SidebarApp />);
