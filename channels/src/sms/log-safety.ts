import { createHmac } from 'node:crypto';

/**
 * A phone number as logs may show it: the last two digits and a keyed hash,
 * enough to follow one number through the logs. A plain hash would not do:
 * phone numbers are few enough to hash them all.
 */
export function phoneRef(phone: string, key: string): string {
  const digest = createHmac('sha256', key).update(`sms-log:${phone}`).digest('base64url').slice(0, 10);
  return `…${phone.slice(-2)}#${digest}`;
}

/**
 * An error as logs may show it. Errors from the turn handler or from Twilio
 * can quote the patient's words or number ("The 'To' number +34… is not
 * valid"); those are cut out of the message and the stack.
 */
export function redactError(
  error: unknown,
  secrets: string[],
): { type: string; message: string; stack?: string; status?: number; code?: unknown } {
  const redact = (text: string) =>
    secrets
      .filter((secret) => secret.trim().length >= 2)
      .reduce((result, secret) => result.split(secret).join('[redacted]'), text);
  if (!(error instanceof Error)) return { type: typeof error, message: redact(String(error)) };
  const details = error as Error & { status?: unknown; code?: unknown };
  return {
    type: error.name,
    message: redact(error.message),
    ...(error.stack ? { stack: redact(error.stack) } : {}),
    ...(typeof details.status === 'number' ? { status: details.status } : {}),
    ...(details.code !== undefined ? { code: details.code } : {}),
  };
}

/** The forms a number may be quoted in: E.164 and its bare digits. */
export const phoneForms = (phone: string) => [phone, phone.replace(/^\+/, '')];
