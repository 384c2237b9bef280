import { type FormEvent, useState } from 'react';
import type { Team, TeamMember } from '../../../utils/contract.ts';
import { t } from '../../../utils/i18n.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt, orThrow } from '../../ui/attempt.ts';
import { Field, TextArea, TextInput } from '../../ui/Field.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { Select } from '../../ui/Select.tsx';
import { useHubData } from '../data.tsx';

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** One member per line: `Name <email>` or just `Name`. */
export function parseMembers(text: string): TeamMember[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(.*?)\s*<([^>]+)>$/.exec(line);
      return match ? { name: (match[1] ?? '').trim() || (match[2] ?? ''), email: match[2] } : { name: line };
    });
}
const membersText = (members: readonly TeamMember[]) =>
  members.map((member) => (member.email ? `${member.name} <${member.email}>` : member.name)).join('\n');

/** Creates a team (team null) or edits one; admins only (the caller checks the role). */
export function TeamForm({ team, onDone }: { team: Team | null; onDone: (id: string | null) => void }) {
  const { teams } = useHubData();
  const [name, setName] = useState(team?.name ?? '');
  const [slug, setSlug] = useState(team?.slug ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [parentTeamId, setParent] = useState(team?.parentTeamId ?? '');
  const [members, setMembers] = useState(membersText(team?.members ?? []));
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const data = {
      name: name.trim(),
      slug: slug.trim() || slugOf(name),
      description,
      parentTeamId: parentTeamId || null,
      members: parseMembers(members),
    };
    let id: string | null = team?.id ?? null;
    const ok = await attempt(async () => {
      if (team) orThrow(await writeLocal({ kind: 'team.update', id: team.id, data: data }));
      else id = orThrow(await writeLocal({ kind: 'team.create', data: data })).ids[0] ?? null;
    }, setError);
    if (ok) onDone(id);
  };

  return (
    <form
      onSubmit={submit}
      aria-label={team ? t('hub.teams.edit') : t('hub.teams.new')}
      className="grid max-w-2xl grid-cols-2 gap-3"
    >
      <Field label={t('hub.teams.name')}>
        {(props) => <TextInput {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('hub.teams.slug')} hint={t('hub.teams.slugHint')}>
        {(props) => (
          <TextInput {...props} value={slug} placeholder={slugOf(name)} onChange={(e) => setSlug(e.target.value)} />
        )}
      </Field>
      <Field label={t('hub.teams.parentTeam')}>
        {(props) => (
          <Select {...props} value={parentTeamId} onChange={(e) => setParent(e.target.value)}>
            <option value="">{t('common.none')}</option>
            {(teams ?? [])
              .filter((candidate) => candidate.id !== team?.id)
              .map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
          </Select>
        )}
      </Field>
      <Field label={t('hub.description')}>
        {(props) => <TextInput {...props} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="col-span-2">
        <Field label={t('hub.teams.members')} hint={t('hub.teams.membersHint')}>
          {(props) => <TextArea {...props} rows={4} value={members} onChange={(e) => setMembers(e.target.value)} />}
        </Field>
      </div>
      <FormActions
        className="col-span-2"
        submitLabel={team ? t('hub.teams.save') : t('hub.teams.create')}
        onCancel={() => onDone(null)}
        error={error}
      />
    </form>
  );
}
