import { type FormEvent, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../utils/i18n.ts';
import { addJiraHost, JIRA_HOSTS_KEY, listJiraHosts, parseJiraHost, removeJiraHost } from '../../utils/jira-hosts.ts';
import { Button } from '../ui/Button.tsx';
import { Field, TextInput } from '../ui/Field.tsx';

/** The enabled self-hosted Jira hosts, kept current when another extension page changes them. */
function useJiraHosts(): string[] {
  const [hosts, setHosts] = useState<string[]>([]);
  useEffect(() => {
    let active = true;
    const refresh = () => void listJiraHosts().then((next) => active && setHosts(next));
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && JIRA_HOSTS_KEY in changes) refresh();
    };
    refresh();
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      active = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return hosts;
}

/**
 * Options section for Jira Server/Data Center. Jira Cloud (*.atlassian.net) works out of the box; a self-hosted Jira
 * cannot be recognised by its host, so the user names it, and Hallway asks for access to that host only then.
 */
export function JiraHosts() {
  const hosts = useJiraHosts();
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseJiraHost(input);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    if (hosts.includes(parsed.host)) {
      setError(`${parsed.host} is already enabled.`);
      return;
    }
    setBusy(true);
    // Called straight from the submit gesture: the browser only shows the permission prompt inside one.
    void addJiraHost(input)
      .then((result) => {
        setError(result.ok ? null : result.error);
        if (result.ok) setInput('');
      })
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="jira-hosts-heading" className="flex flex-col gap-3">
      <div>
        <h2 id="jira-hosts-heading" className="text-sm font-semibold">
          {t('options.jira.title')}
        </h2>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('options.jira.description')}</p>
      </div>
      <form onSubmit={onSubmit} className="flex items-end gap-2" noValidate>
        <div className="grow">
          <Field label={t('options.jira.host')} hint={t('options.jira.hostHint')} error={error}>
            {(control) => (
              <TextInput
                {...control}
                value={input}
                onChange={(event) => {
                  setInput(event.target.value);
                  setError(null);
                }}
                placeholder="jira.example.com"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        </div>
        <Button type="submit" variant="primary" disabled={busy || input.trim() === ''}>
          {t('options.jira.add')}
        </Button>
      </form>
      {hosts.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('options.jira.none')}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {hosts.map((host) => (
            <li key={host} className="flex items-center justify-between px-3 py-2">
              <span className="font-mono text-xs">{host}</span>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => void removeJiraHost(host)}
                aria-label={t('options.jira.removeHost', { host })}
              >
                {t('common.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
