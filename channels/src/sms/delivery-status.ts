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
