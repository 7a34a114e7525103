/**
 * How far along a message is. Twilio's status callbacks may arrive retried or
 * out of order (a late "sent" after "delivered"); a status only replaces one
 * of a lower rank. The final outcomes share a rank, so the first one stands.
 */
const ranks: Record<string, number> = {
  scheduled: 0,
  accepted: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  partially_delivered: 5,
  read: 6,
};

/** The same ranking as a SQL expression over a column (the statuses are constants, never input). */
export function rankSql(column: string): string {
  const cases = Object.entries(ranks).map(([status, rank]) => `WHEN '${status}' THEN ${rank}`);
  return `(CASE ${column} ${cases.join(' ')} ELSE -1 END)`;
}

export interface DeliveryStatus {
  sid: string;
  to: string | null;
  status: string;
  errorCode: string | null;
  updatedAt: Date;
}

/**
 * What the notifications engine hears of a message it sent: delivered, or
 * failed with the provider's reason (a code and its status, never text).
 */
export interface DeliveryReport {
  providerMessageId: string;
  status: 'delivered' | 'failed';
  reason?: string;
}

/** Takes reports without waiting: a status webhook is answered at once, whatever happens to the report. */
export type DeliveryReporter = (report: DeliveryReport) => void;

/** A status as stored, with whether its message is one whose outcome is reported onwards (a notification). */
export interface RecordedStatus {
  id: string;
  status: string;
  errorCode: string | null;
  errorTitle?: string | null;
  reportDelivery: boolean;
}

const delivered = new Set(['delivered', 'read', 'partially_delivered']);
const failed = new Set(['failed', 'undelivered', 'canceled']);

/**
 * The report a stored status makes, once it is final and only for a message
 * sent to be reported on; undefined otherwise.
 *
 * @example
 * deliveryReportOf({ id: 'SM1', status: 'undelivered', errorCode: '30003', reportDelivery: true }, 'Twilio');
 * // { providerMessageId: 'SM1', status: 'failed', reason: 'undelivered: Twilio error 30003' }
 */
export function deliveryReportOf(recorded: RecordedStatus, provider: string): DeliveryReport | undefined {
  if (!recorded.reportDelivery) return undefined;
  if (delivered.has(recorded.status)) return { providerMessageId: recorded.id, status: 'delivered' };
  if (!failed.has(recorded.status)) return undefined;
  const error = recorded.errorCode
    ? `: ${provider} error ${recorded.errorCode}${recorded.errorTitle ? ` (${recorded.errorTitle})` : ''}`
    : '';
  return { providerMessageId: recorded.id, status: 'failed', reason: `${recorded.status}${error}`.slice(0, 200) };
}

/** Hands a report on, if the status makes one; a reporter that throws never fails the webhook. */
export function reportDelivery(
  reporter: DeliveryReporter | undefined,
  recorded: RecordedStatus,
  provider: string,
  onError: () => void,
): void {
  const report = reporter ? deliveryReportOf(recorded, provider) : undefined;
  if (!report) return;
  try {
    reporter!(report);
  } catch {
    onError();
  }
}
