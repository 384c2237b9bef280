import { type FormEvent, useEffect, useState } from 'react';
import { t } from '../../../utils/i18n.ts';
import { sendMessage } from '../../../utils/messaging/client.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Field, TextInput } from '../../ui/Field.tsx';

/** A name the server keeps (the workspace's, one's own), changed in place; the server's answer is what shows. */
export function RenameField(props: { label: string; target: 'workspace' | 'me'; current: string; maxLength: number }) {
  const [value, setValue] = useState(props.current);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setValue(props.current), [props.current]);
  const changed = value.trim() !== props.current && value.trim() !== '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const answer = await sendMessage('account.rename', { target: props.target, name: value.trim() });
    setSaving(false);
    setError(answer.ok ? null : answer.error.message);
  };
  return (
    <form onSubmit={submit} aria-label={props.label} className="flex items-end gap-2">
      <Field label={props.label}>
        {(field) => (
          <TextInput
            {...field}
            value={value}
            maxLength={props.maxLength}
            onChange={(event) => setValue(event.target.value)}
          />
        )}
      </Field>
      <Button type="submit" disabled={!changed || saving}>
        {saving ? t('hub.saving') : t('hub.rename')}
      </Button>
      <ErrorText>{error}</ErrorText>
    </form>
  );
}
