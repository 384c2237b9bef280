/**
 * People (admins): the workspace's users (role, deactivate, reactivate), each one's devices (revoke) and the invites
 * (create with role, expiry and uses; copy the link; delete). Every call goes to the server, which checks the
 * caller's role: a member who opens this page gets the server's refusal, not the data.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { deviceLabel } from '../../../utils/auth/flow.ts';
import {
  type CreatedInvite,
  type Device,
  type Invite,
  type Person,
  type Role,
  zRole,
} from '../../../utils/contract.ts';
import { formatNumber, sayText, t } from '../../../utils/i18n.ts';
import { sendMessage } from '../../../utils/messaging/client.ts';
import type { PeopleOverview } from '../../../utils/messaging/protocol.ts';
import { relativeTime } from '../../../utils/time.ts';
import { roleName } from '../../shared/role-name.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { Select } from '../../ui/Select.tsx';

const ROLES: readonly Role[] = zRole.options;

export function PeopleView() {
  const [overview, setOverview] = useState<PeopleOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvite | null>(null);

  const refresh = useCallback(async () => {
    const answer = await sendMessage('people.list', {});
    if (answer.ok) {
      setOverview(answer.value);
      setLoadError(null);
    } else setLoadError(answer.error.message);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** Runs one admin action; the server's refusal is shown as it words it, and the lists are read again either way. */
  async function act(run: () => ReturnType<typeof sendMessage>) {
    setActionError(null);
    const answer = await run();
    if (!answer.ok) setActionError(answer.error.message);
    await refresh();
    return answer.ok;
  }

  return (
    <div className="flex flex-col">
      <PageHeader title={t('hub.nav.people')} subtitle={t('hub.people.subtitle')} />
      <div className="flex flex-col gap-6 px-6 py-5" data-view="people">
        {loadError ? (
          <p role="alert" data-people="refused" className="text-sm text-red-700 dark:text-red-400">
            {loadError}
          </p>
        ) : !overview ? (
          <Loading what={t('hub.people.loading')} />
        ) : (
          <>
            <ErrorText>{actionError}</ErrorText>
            <Section title={t('hub.people.users')} count={overview.people.length}>
              <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
                {overview.people.map((person) => (
                  <PersonRow key={person.id} person={person} act={act} />
                ))}
              </ul>
            </Section>
            <Section title={t('hub.people.invites')} count={overview.invites.length}>
              <InviteForm
                onCreate={async (input) => {
                  setActionError(null);
                  const answer = await sendMessage('invites.create', input);
                  if (answer.ok) setCreated(answer.value);
                  else setActionError(answer.error.message);
                  await refresh();
                }}
              />
              {created ? <NewInviteLink url={created.url} /> : null}
              <InviteList invites={overview.invites} act={act} />
            </Section>
          </>
        )}
      </div>
    </div>
  );
}

type Act = (run: () => ReturnType<typeof sendMessage>) => Promise<boolean>;

function PersonRow({ person, act }: { person: Person; act: Act }) {
  const active = person.status === 'active';
  /** Their devices, read when the admin opens them (one request per person). */
  const [devices, setDevices] = useState<Device[] | null>(null);
  const showDevices = async () => {
    const answer = await sendMessage('devices.list', { userId: person.id });
    setDevices(answer.ok ? answer.value : []);
  };
  const revoke = async (id: string) => {
    if (await act(() => sendMessage('devices.revoke', { id }))) await showDevices();
  };
  return (
    <li className="flex flex-col gap-2 px-3 py-2" data-person={person.email ?? person.name} data-status={person.status}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate text-[13px] font-medium">
            {person.name} {active ? null : <Badge tone="neutral">{t('hub.people.deactivated')}</Badge>}
          </p>
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
            {person.email ?? t('hub.people.noEmail')} ·{' '}
            {person.lastSeenAt
              ? t('hub.people.seen', { when: relativeTime(person.lastSeenAt) })
              : t('hub.people.neverSeen')}
          </p>
        </div>
        <Select
          aria-label={t('hub.people.roleOf', { name: person.name })}
          name="role"
          value={person.role}
          onChange={(event) =>
            void act(() => sendMessage('people.update', { id: person.id, patch: { role: event.target.value as Role } }))
          }
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {roleName(role)}
            </option>
          ))}
        </Select>
        <Button
          size="sm"
          variant={active ? 'danger' : 'secondary'}
          onClick={() =>
            void act(() =>
              sendMessage('people.update', {
                id: person.id,
                patch: { status: active ? 'deactivated' : 'active' },
              }),
            )
          }
        >
          {active ? t('hub.people.deactivate') : t('hub.people.reactivate')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => void showDevices()}>
          {t('hub.people.devices')}
        </Button>
      </div>
      {devices?.length === 0 ? <p className="ml-3 text-xs text-zinc-500">{t('hub.people.noDevices')}</p> : null}
      {devices && devices.length > 0 ? (
        <ul className="ml-3 flex flex-col gap-1 border-l border-zinc-200 pl-3 dark:border-zinc-800">
          {devices.map((device) => (
            <li key={device.id} className="flex items-center gap-2 text-xs" data-device={device.name}>
              <span className="min-w-0 flex-1 truncate">
                {sayText(deviceLabel(device))}
                {device.kind === 'api' ? ` ${t('hub.people.apiToken')}` : ''}{' '}
                <span className="text-zinc-500 dark:text-zinc-400">
                  · {t('hub.people.since', { when: relativeTime(device.createdAt) })} ·{' '}
                  {device.lastUsedAt
                    ? t('hub.people.used', { when: relativeTime(device.lastUsedAt) })
                    : t('hub.people.neverUsed')}
                </span>
              </span>
              <Button size="sm" variant="ghost" onClick={() => void revoke(device.id)}>
                {t('hub.people.revoke')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function InviteForm({
  onCreate,
}: {
  onCreate: (input: { role: Role; expiresInDays: number; maxUses: number }) => Promise<void>;
}) {
  const [role, setRole] = useState<Role>('member');
  const [days, setDays] = useState(7);
  const [uses, setUses] = useState(1);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await onCreate({ role, expiresInDays: days, maxUses: uses });
    setBusy(false);
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2 text-xs" data-invite="form">
      <label htmlFor="invite-role" className="flex flex-col gap-1">
        {t('hub.people.role')}
        <Select
          id="invite-role"
          name="inviteRole"
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
        >
          {ROLES.map((each) => (
            <option key={each} value={each}>
              {roleName(each)}
            </option>
          ))}
        </Select>
      </label>
      <label className="flex flex-col gap-1">
        {t('hub.people.expiresAfter')}
        <input
          name="inviteDays"
          type="number"
          min={1}
          max={90}
          value={days}
          onChange={(event) => setDays(Number(event.target.value))}
          className="h-8 w-24 rounded-md border border-zinc-300 px-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <label className="flex flex-col gap-1">
        {t('hub.people.uses')}
        <input
          name="inviteUses"
          type="number"
          min={1}
          max={1000}
          value={uses}
          onChange={(event) => setUses(Number(event.target.value))}
          className="h-8 w-20 rounded-md border border-zinc-300 px-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <Button type="submit" variant="primary" disabled={busy}>
        {t('hub.people.createInvite')}
      </Button>
    </form>
  );
}

/** The new invite's link, shown once (the server keeps only its hash), with a copy button. */
function NewInviteLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-center gap-2 rounded-md bg-emerald-50 px-3 py-2 text-xs dark:bg-emerald-950/40">
      <code className="min-w-0 flex-1 truncate" data-invite="link">
        {url}
      </code>
      <Button
        size="sm"
        onClick={() =>
          void navigator.clipboard.writeText(url).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t('hub.digest.copied') : t('hub.people.copyLink')}
      </Button>
      <span className="text-zinc-500">{t('hub.people.shownOnce')}</span>
    </div>
  );
}

function InviteList({ invites, act }: { invites: Invite[]; act: Act }) {
  if (invites.length === 0)
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('hub.people.noInvites')}</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 text-xs dark:divide-zinc-800 dark:border-zinc-800">
      {invites.map((invite) => (
        <li key={invite.id} className="flex items-center gap-3 px-3 py-2" data-invite-id={invite.id}>
          <span className="flex-1">
            {roleName(invite.role)} ·{' '}
            {t('hub.people.inviteUses', { uses: formatNumber(invite.uses), max: formatNumber(invite.maxUses) })} ·{' '}
            {t('hub.people.expires', { when: relativeTime(invite.expiresAt) })}
          </span>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => void act(() => sendMessage('invites.delete', { id: invite.id }))}
          >
            {t('hub.delete.delete')}
          </Button>
        </li>
      ))}
    </ul>
  );
}
