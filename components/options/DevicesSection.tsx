import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { deviceLabel } from '../../utils/auth/flow.ts';
import type { Device } from '../../utils/contract.ts';
import type { HallwayDexie } from '../../utils/db/schema.ts';
import { sayText, t } from '../../utils/i18n.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import { relativeTime } from '../../utils/time.ts';
import { Button } from '../ui/Button.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { Section } from './Section.tsx';

/**
 * The signed-in person's own browsers and tokens, as the server lists them: each one's name, since when, when last
 * used, this browser marked. Revoking another ends its sign-in there at once; this browser leaves with "Sign out",
 * which asks about unsent writes first. Admins see everyone's in the hub's People view.
 */
export function DevicesSection({ db }: { db: HallwayDexie }) {
  const credentials = useLiveQuery(() => db.credentials.get('main'), [db]);
  const userId = credentials?.me?.user.id ?? null;
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    if (!userId) return;
    const answer = await sendMessage('devices.list', { userId });
    if (answer.ok) {
      setDevices(answer.value);
      setError(null);
    } else setError(answer.error.message);
  }, [userId]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!userId) return null;
  const revoke = async (id: string) => {
    const answer = await sendMessage('devices.revoke', { id });
    if (!answer.ok) setError(answer.error.message);
    await refresh();
  };
  return (
    <Section id="devices" title={t('options.devices.title')} description={t('options.devices.description')}>
      <ErrorText>{error}</ErrorText>
      {devices ? (
        <ul className="flex flex-col gap-1 text-xs" data-devices={devices.length}>
          {devices.map((device) => (
            <li key={device.id} className="flex items-center gap-2" data-device={device.name}>
              <span className="min-w-0 flex-1 truncate">
                {sayText(deviceLabel(device))}
                {device.current ? ` (${t('options.devices.thisBrowser')})` : ''}{' '}
                <span className="text-zinc-500 dark:text-zinc-400">
                  · {t('hub.people.since', { when: relativeTime(device.createdAt) })} ·{' '}
                  {device.lastUsedAt
                    ? t('hub.people.used', { when: relativeTime(device.lastUsedAt) })
                    : t('hub.people.neverUsed')}
                </span>
              </span>
              {device.current ? null : (
                <Button size="sm" variant="ghost" onClick={() => void revoke(device.id)}>
                  {t('hub.people.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
