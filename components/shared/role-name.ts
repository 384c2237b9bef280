import type { Role } from '../../utils/contract.ts';
import { t } from '../../utils/i18n.ts';

const ROLE_NAMES: Record<Role, () => string> = {
  admin: () => t('role.admin'),
  member: () => t('role.member'),
  viewer: () => t('role.viewer'),
};

/** A role as the user's language names it ("member", "Mitglied"). */
export function roleName(role: Role): string {
  return ROLE_NAMES[role]();
}
