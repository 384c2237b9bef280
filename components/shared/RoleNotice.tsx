import type { Role } from '../../utils/contract.ts';
import { t } from '../../utils/i18n.ts';
import { roleName } from './role-name.ts';

/** Says why a capture is not offered: the user's role lacks it, or Hallway is not connected yet. */
export function RoleNotice({ role, what }: { role: Role | null; what: string }) {
  return (
    <p
      role="note"
      className="rounded-md bg-zinc-100 px-3 py-2 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
    >
      {role ? t('role.needsMember', { role: roleName(role), what }) : t('role.needsConnection', { what })}
    </p>
  );
}
