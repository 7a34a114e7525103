/**
 * How far along a sent message is. Status webhooks may arrive retried or out
 * of order (a late "sent" after "read"); a status only replaces one of a
 * lower rank, so delivered and read never move back. "failed" shares
 * delivered's rank: whichever final outcome came first stands.
 */
const ranks: Record<string, number> = {
  accepted: 0,
  held_for_quality_assessment: 0,
  sent: 1,
  delivered: 2,
  failed: 2,
  read: 3,
};

/** The ranking as a SQL expression over a column (the statuses are constants, never input). */
export function rankSql(column: string): string {
  const cases = Object.entries(ranks).map(([status, rank]) => `WHEN '${status}' THEN ${rank}`);
  return `(CASE ${column} ${cases.join(' ')} ELSE -1 END)`;
}

export interface WhatsappDeliveryStatus {
  /** The WhatsApp message id (wamid.…). */
  id: string;
  to: string | null;
  status: string;
  errorCode: string | null;
  errorTitle: string | null;
  updatedAt: Date;
}

export interface StatusUpdate {
  id: string;
  status: string;
  to?: string;
  errorCode?: string;
  errorTitle?: string;
  /** A notification's message: its outcome is reported on. Set by the send, never by a webhook. */
  reportDelivery?: boolean;
}
