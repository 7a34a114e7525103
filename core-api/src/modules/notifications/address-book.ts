import type { ChannelIdentities, MessagingChannel } from '../identity/channel-identities';
import type { Consents } from '../identity/consents';
import type { UsersRepository } from '../identity/users-repository';
import { toNotificationLocale } from './date-format';
import type { NotificationChannel, NotificationRecipient } from './notification-sender';

export type Unreachable = 'no_address' | 'opted_out' | 'no_consent' | 'no_sender';

/** A recipient with what can reach them on each channel, looked up fresh before every decision. */
export interface RecipientCard {
  recipient: Omit<NotificationRecipient, 'address'>;
  organizationId: string;
  addresses: Partial<Record<NotificationChannel, string>>;
  /** Why a channel cannot be used now, or null when it can. */
  blocked(channel: NotificationChannel): Unreachable | null;
  /** The recipient as a sender sees it on one channel (with that channel's address). */
  on(channel: NotificationChannel): NotificationRecipient;
}

export interface AddressBookDependencies {
  users: Pick<UsersRepository, 'findById'>;
  channelIdentities: Pick<ChannelIdentities, 'listForUser'>;
  consents: Pick<Consents, 'latestConsent'>;
  /** Whether a sender for the channel runs in this deployment (built in, or registered by the host). */
  hasSender(channel: NotificationChannel): boolean;
  /** Whether the user registered a browser for Web Push. */
  hasPushSubscription(userId: string): Promise<boolean>;
}

/**
 * Who can be reached where. Phone channels need consent on record (the identity
 * module's rule: no record is no consent, so a number is never messaged first);
 * on web chat and Teams only a withdrawn consent blocks. E-mail and push have no
 * consent records: the user's channel preferences decide.
 */
export function createAddressBook(dependencies: AddressBookDependencies) {
  return {
    async lookUp(userId: string): Promise<RecipientCard | null> {
      const user = await dependencies.users.findById(userId);
      if (!user || user.erasedAt) return null;
      const identities = (await dependencies.channelIdentities.listForUser(userId)).filter((identity) => identity.verified);
      const identityOf = (channel: MessagingChannel) => identities.find((identity) => identity.channel === channel)?.externalId;
      const addresses: Partial<Record<NotificationChannel, string>> = {};
      if (user.email) addresses.email = user.email;
      const sms = identityOf('sms') ?? user.phone ?? undefined;
      if (sms) addresses.sms = sms;
      const whatsapp = identityOf('whatsapp');
      if (whatsapp) addresses.whatsapp = whatsapp;
      // Web chat, Teams and push reach the user by their id; the sender finds the conversation or device.
      if (identityOf('webchat')) addresses.webchat = userId;
      if (identityOf('teams') || user.role === 'professional') addresses.teams = userId;
      if (await dependencies.hasPushSubscription(userId)) addresses.push = userId;

      const consent = new Map<NotificationChannel, boolean | null>();
      for (const channel of ['sms', 'whatsapp', 'webchat', 'teams'] as const) {
        const externalId = channel === 'sms' ? sms : identityOf(channel);
        consent.set(channel, externalId ? await dependencies.consents.latestConsent(channel, externalId).catch(() => null) : null);
      }

      const recipient = { userId, role: user.role, name: user.name, locale: toNotificationLocale(user.locale), timeZone: user.timeZone };
      return {
        recipient,
        organizationId: user.organizationId,
        addresses,
        blocked(channel) {
          if (!addresses[channel]) return 'no_address';
          if (!dependencies.hasSender(channel)) return 'no_sender';
          const given = consent.get(channel);
          if (given === false) return 'opted_out';
          if ((channel === 'sms' || channel === 'whatsapp') && given !== true) return 'no_consent';
          return null;
        },
        on: (channel) => ({ ...recipient, address: addresses[channel] ?? userId }),
      };
    },
  };
}

export type AddressBook = ReturnType<typeof createAddressBook>;
