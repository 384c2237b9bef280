import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../utils/i18n.ts';
import { NOTIFY_OPT_IN_KEY } from '../../utils/notify.ts';
import { Section } from './Section.tsx';

/**
 * Opt-in browser notifications: the `notifications` permission is optional and asked for only here, when the user
 * turns them on (the click is the gesture the browser requires); turning them off gives the permission back.
 */
export function NotificationsSection() {
  const [on, setOn] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    void Promise.all([
      browser.storage.local.get(NOTIFY_OPT_IN_KEY),
      browser.permissions.contains({ permissions: ['notifications'] }),
    ]).then(([stored, granted]) => setOn(stored[NOTIFY_OPT_IN_KEY] === true && granted));
  }, []);
  const change = async (wanted: boolean) => {
    setNote('');
    if (wanted) {
      const granted = await browser.permissions.request({ permissions: ['notifications'] });
      if (!granted) {
        setNote(t('options.notifications.refused'));
        return;
      }
      await browser.storage.local.set({ [NOTIFY_OPT_IN_KEY]: true });
    } else {
      await browser.storage.local.set({ [NOTIFY_OPT_IN_KEY]: false });
      await browser.permissions.remove({ permissions: ['notifications'] });
    }
    setOn(wanted);
  };
  if (on === null) return null;
  return (
    <Section id="notifications" title={t('options.notifications.title')}>
      <label className="flex items-start gap-2 text-[13px]">
        <input
          type="checkbox"
          checked={on}
          onChange={(event) => void change(event.target.checked)}
          className="mt-0.5"
        />
        <span>{t('options.notifications.label')}</span>
      </label>
      {note ? <p className="text-xs text-amber-700 dark:text-amber-300">{note}</p> : null}
    </Section>
  );
}
