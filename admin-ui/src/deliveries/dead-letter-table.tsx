import { Button, Checkbox, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import type { paths } from '../api/core-client';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type DeadLetter = JsonOf<paths['/api/v1/notifications/dead-letters']['get']['responses'][200]>[number];

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  error: { maxWidth: '24rem', overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
});

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
/** How a row is named to a screen reader: what, to whom, by which channel. */
export const describeLetter = ({ notification }: DeadLetter) => `${notification.event} to ${notification.recipientId} by ${notification.channel}`;

export interface DeadLetterTableProps {
  letters: DeadLetter[];
  selected: ReadonlySet<string>;
  /** A retry is under way: the buttons wait, so two retries of one row never race. */
  busy: boolean;
  onSelect: (ids: string[], selected: boolean) => void;
  onRetry: (id: string) => void;
}

/** Notifications that used up their tries: what, to whom, how often tried, the last error, and a retry each. */
export function DeadLetterTable({ letters, selected, busy, onSelect, onRetry }: DeadLetterTableProps) {
  const styles = useStyles();
  const ids = letters.map((letter) => letter.notification.id);
  const chosen = ids.filter((id) => selected.has(id)).length;
  return (
    <div className={styles.scroll}>
      <Table aria-label="Failed notifications" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>
              <Checkbox
                aria-label="Select all failed notifications"
                checked={chosen === 0 ? false : chosen === ids.length ? true : 'mixed'}
                onChange={(_event, data) => onSelect(ids, data.checked === true)}
              />
            </TableHeaderCell>
            <TableHeaderCell>Failed</TableHeaderCell>
            <TableHeaderCell>Event</TableHeaderCell>
            <TableHeaderCell>Channel</TableHeaderCell>
            <TableHeaderCell>Recipient</TableHeaderCell>
            <TableHeaderCell>Attempts</TableHeaderCell>
            <TableHeaderCell>Last error</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {letters.map((letter) => {
            const { notification } = letter;
            return (
              <TableRow key={notification.id}>
                <TableCell>
                  <Checkbox aria-label={`Select ${describeLetter(letter)}`} checked={selected.has(notification.id)} onChange={(_event, data) => onSelect([notification.id], data.checked === true)} />
                </TableCell>
                <TableCell className={styles.nowrap}>{when(notification.failedAt ?? notification.updatedAt)}</TableCell>
                <TableCell>
                  {notification.event}
                  {notification.appointmentId && <div className={styles.muted}>{notification.appointmentId}</div>}
                </TableCell>
                <TableCell>{notification.channel}</TableCell>
                <TableCell>{notification.recipientId}</TableCell>
                <TableCell>{notification.attempts}</TableCell>
                <TableCell className={styles.error}>
                  {letter.error}
                  {notification.reason && <div className={styles.muted}>{notification.reason}</div>}
                </TableCell>
                <TableCell>
                  <Button className={styles.touch} size="small" aria-label={`Retry ${describeLetter(letter)}`} disabled={busy} onClick={() => onRetry(notification.id)}>
                    Retry
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
