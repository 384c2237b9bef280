import { JiraHosts } from '../../components/options/JiraHosts.tsx';

/** Minimal options page: the issue-5 engineer assembles the full page and mounts these sections. */
export function App() {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-6 p-6">
      <h1 className="text-base font-semibold">Hallway options</h1>
      <JiraHosts />
    </main>
  );
}
