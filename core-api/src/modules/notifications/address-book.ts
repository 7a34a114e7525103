import type { MessagingChannel } from '../identity/channel-identities';
import type { Contacts } from '../identity/contacts';
import { toNotificationLocale } from './date-format';
import { notificationChannels, type NotificationChannel, type NotificationRecipient } from './notification-sender';

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
  contacts: Pick<Contacts, 'contactOf'>;
  /** Whether a sender for the channel runs in this deployment (built in, or registered by the host). */
  hasSender(channel: NotificationChannel): boolean;
  /** Whether the user registered a browser for Web Push. */
  hasPushSubscription(userId: string): Promise<boolean>;
}

/** What a lookup is for: the channels whose use is to be decided, and the push answer when the caller read it already. */
export interface LookUpOptions {
  /** Only these channels can be asked about (`blocked`, `on`): their consents are read, no others. Default: all. */
  channels?: readonly NotificationChannel[];
  /** Whether the user has a push subscription, when known (the engine reads it with the recipient's other state). */
  hasPushSubscription?: boolean;
}

const consentChannels = ['sms', 'whatsapp', 'webchat', 'teams'] as const;

/**
 * Who can be reached where. Phone channels need consent on record (the identity
 * module's rule: no record is no consent, so a number is never messaged first);
 * on web chat and Teams only a withdrawn consent blocks. E-mail and push have no
 * consent records: the user's channel preferences decide.
 *
 * Every notification looks its recipient up twice (to choose the channel, and just before sending),
 * so a lookup is one read (identity's contact card) with the consents of the channels it is asked
 * about and no others.
 */
export function createAddressBook(dependencies: AddressBookDependencies) {
  return {
    async lookUp(userId: string, options: LookUpOptions = {}): Promise<RecipientCard | null> {
      const wanted = new Set<NotificationChannel>(options.channels ?? notificationChannels);
      const pushKnown = options.hasPushSubscription;
      const [contact, hasPush] = await Promise.all([
        dependencies.contacts.contactOf(userId, consentChannels.filter((channel) => wanted.has(channel))),
        wanted.has('push') && pushKnown === undefined ? dependencies.hasPushSubscription(userId) : Promise.resolve(pushKnown ?? false),
      ]);
      if (!contact || contact.user.erasedAt) return null;
      const { user } = contact;
      const identities = contact.identities.filter((identity) => identity.verified);
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
      if (wanted.has('push') && hasPush) addresses.push = userId;
      const consent = (channel: NotificationChannel): boolean | null => contact.consents[channel as MessagingChannel] ?? null;

      const recipient = { userId, role: user.role, name: user.name, locale: toNotificationLocale(user.locale), timeZone: user.timeZone };
      const asked = (channel: NotificationChannel) => {
        // A programming error, not a state of the world: answering "unreachable" here would hide it.
        if (!wanted.has(channel)) throw new Error(`The address book was not asked about ${channel} for ${userId}`);
      };
      return {
        recipient,
        organizationId: user.organizationId,
        addresses,
        blocked(channel) {
          asked(channel);
          if (!addresses[channel]) return 'no_address';
          if (!dependencies.hasSender(channel)) return 'no_sender';
          const given = consent(channel);
          if (given === false) return 'opted_out';
          if ((channel === 'sms' || channel === 'whatsapp') && given !== true) return 'no_consent';
          return null;
        },
        on: (channel) => {
          asked(channel);
          return { ...recipient, address: addresses[channel] ?? userId };
        },
      };
    },
  };
}

export type AddressBook = ReturnType<typeof createAddressBook>;
