import type { Principal, UserPrincipal } from '../identity/principal';
import { actAsAppRole } from '../identity/policy';

/**
 * Who may do what with notifications, as pure functions (the style of
 * identity/policy.ts). Routes ask; none decides alone.
 *
 * | action | patient | professional | admin | service with Assistant.ActAs |
 * |---|---|---|---|---|
 * | read own notifications, preferences; register push | self | self | self | no |
 * | list anyone's notifications | no | no | their organisation | no |
 * | templates, reminder rules, dead letters | no | no | yes | no |
 * | report a delivery status | no | no | no | yes |
 */
export function canListNotifications(principal: UserPrincipal): boolean {
  return principal.role === 'admin';
}

export function canManageNotifications(principal: UserPrincipal): boolean {
  return principal.role === 'admin';
}

/** Channels report delivery through the bot's service identity, the one that already sends for users. */
export function canReportDelivery(principal: Principal): boolean {
  return principal.kind === 'service' && principal.appRoles.includes(actAsAppRole);
}
