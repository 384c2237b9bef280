/**
 * Writes the server refused or that conflict with a newer version stay in the outbox until the user decides: this
 * shows them with the server's own message and the text they carry, on every view, with edit and send again
 * (refused text), retry-over (conflicts) and discard.
 */
import { useState } from 'react';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { RefusedWriteText } from '../shared/RefusedWriteText.tsx';
import { attempt } from '../ui/attempt.ts';
import { Button } from '../ui/Button.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useHubData, writeMirror } from './data.tsx';

const describe = (row: OutboxRow) => `${row.mutation.type.replace('.', ' ')}`;

export function OutboxProblems() {
  const { outbox } = useHubData();
  const [error, setError] = useState<string | null>(null);
  const problems = (outbox ?? []).filter((row) => row.status !== 'pending');
  const pending = (outbox ?? []).length - problems.length;
  if (problems.length === 0 && pending === 0) return null;
  return (
    <div aria-live="polite" className="border-b border-zinc-200 px-6 py-2 text-xs dark:border-zinc-800">
      {pending > 0 ? (
        <p className="text-zinc-500">
          {pending} change{pending === 1 ? '' : 's'} waiting to sync.
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul aria-label="Refused changes" className="mt-1 flex flex-col gap-1">
          {problems.map((row) => (
            <li
              key={row.mutationId}
              className="flex flex-col gap-1 rounded-md bg-red-50 px-3 py-1.5 text-red-800 dark:bg-red-500/10 dark:text-red-300"
            >
              <div className="flex items-center gap-3">
                <span className="font-medium">
                  {row.status === 'conflict' ? 'Conflict' : 'Refused by the server'}: {describe(row)}
                </span>
                <span className="min-w-0 flex-1 truncate" title={row.error?.message}>
                  {row.error?.message ?? 'No reason given.'}
                </span>
                {row.status === 'conflict' ? (
                  <Button
                    size="sm"
                    onClick={() =>
                      attempt(() => writeMirror({ kind: 'overwriteConflict', mutationId: row.mutationId }), setError)
                    }
                  >
                    Keep mine
                  </Button>
                ) : null}
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    attempt(() => writeMirror({ kind: 'discardWrite', mutationId: row.mutationId }), setError)
                  }
                >
                  Discard
                </Button>
              </div>
              <RefusedWriteText
                row={row}
                write={async (write) => {
                  await writeMirror(write);
                }}
              />
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
