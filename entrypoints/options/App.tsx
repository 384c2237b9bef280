import { OptionsPage } from '../../components/options/OptionsPage.tsx';

export function App() {
  return <OptionsPage />;
}
