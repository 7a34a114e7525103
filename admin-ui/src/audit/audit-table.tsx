import { Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import { when, type AuditEntry } from './audit-model';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  // Fluent's tables share the width equally; ids and times need the room their content asks for.
  table: { tableLayout: 'auto', minWidth: '52rem' },
  wrap: { overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  nowrap: { whiteSpace: 'nowrap' },
});

/** Audit entries, newest first, as core-api keeps them. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table aria-label="Audit log entries" size="small" className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Time</TableHeaderCell>
            <TableHeaderCell>Actor</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Resource</TableHeaderCell>
            <TableHeaderCell>Subject user</TableHeaderCell>
            <TableHeaderCell>Outcome</TableHeaderCell>
            <TableHeaderCell>Channel</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell className={styles.nowrap}>{when(entry.at)}</TableCell>
              <TableCell>
                {entry.actorId} <span className={styles.muted}>({entry.actingService ? `${entry.actorRole} via ${entry.actingService}` : entry.actorRole})</span>
              </TableCell>
              <TableCell>{entry.action}</TableCell>
              <TableCell className={styles.wrap}>
                {entry.resourceType} {entry.resourceId}
              </TableCell>
              <TableCell>{entry.patientId ?? ''}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={entry.outcome === 'allowed' ? 'success' : 'danger'}>
                  {entry.outcome}
                </Badge>
              </TableCell>
              <TableCell>{entry.channel}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
