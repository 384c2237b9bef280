import type { Role } from '../../utils/contract.ts';

/** Says why a capture is not offered: the user's role lacks it, or Hallway is not connected yet. */
export function RoleNotice({ role, what }: { role: Role | null; what: string }) {
  return (
    <p
      role="note"
      className="rounded-md bg-zinc-100 px-3 py-2 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
    >
      {role
        ? `You are a ${role} in this workspace: ${what} needs the member role. Ask an admin if you need it.`
        : `Connect Hallway to your server in its options: ${what} needs a connection.`}
    </p>
  );
}
