import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors';
import type { Consents } from '../identity/consents';
import type { UsersRepository } from '../identity/users-repository';
import type { VerificationCodeSender } from '../identity/verifications';
import type { NotificationChannel, NotificationSender } from './notification-sender';

const words = {
  en: { subject: 'Your Consulta code', text: (code: string) => `Your verification code is ${code}. It expires in 10 minutes. If you did not ask for it, ignore this message.` },
  es: { subject: 'Tu código de Consulta', text: (code: string) => `Tu código de verificación es ${code}. Caduca en 10 minutos. Si no lo has pedido, ignora este mensaje.` },
  fr: { subject: 'Votre code Consulta', text: (code: string) => `Votre code de vérification est ${code}. Il expire dans 10 minutes. Si vous ne l'avez pas demandé, ignorez ce message.` },
} as const;

/**
 * One-time codes go out through the same senders as every notification (the
 * built-in e-mail, the bot's SMS), at once and to the address on the record,
 * but are never stored as notifications: a stored code could be read back.
 * An SMS opt-out (STOP) is honoured even here.
 */
export function createVerificationCodeSender(options: {
  users: UsersRepository;
  consents: Pick<Consents, 'latestConsent'>;
  senderFor: (channel: NotificationChannel) => NotificationSender | undefined;
}): VerificationCodeSender {
  return async ({ userId, via, code }) => {
    const [user] = await options.users.findByIds([userId]);
    const address = via === 'email' ? user?.email : user?.phone;
    const sender = options.senderFor(via);
    if (!user || !address || !sender) {
      throw new AppError('unavailable', 'verification_unavailable', `Codes cannot be sent by ${via === 'email' ? 'e-mail' : 'SMS'} here.`);
    }
    if (via === 'sms' && (await options.consents.latestConsent('sms', address)) === false) {
      throw new AppError('unprocessable', 'channel_opted_out', 'This number has opted out of SMS; verify with your e-mail address instead.');
    }
    const locale = (user.locale.slice(0, 2) in words ? user.locale.slice(0, 2) : 'en') as keyof typeof words;
    await sender.send({
      id: randomUUID(),
      channel: via,
      event: 'identity.verification_code',
      recipient: { userId, role: user.role, name: user.name, address, locale: user.locale, timeZone: user.timeZone },
      subject: words[locale].subject,
      text: words[locale].text(code),
      data: {},
      urgent: true,
    });
  };
}
