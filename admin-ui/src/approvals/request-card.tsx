import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap, type Appointment } from '../api/admin-api';
import { formatLocalTime, formatTimeRange, localDayRange } from './format-time';
import type { ReferenceData } from './use-reference-data';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL },
  head: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-start', flexWrap: 'wrap' },
  title: { flexGrow: 1, minWidth: '14rem', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))', gap: tokens.spacingHorizontalXL },
  facts: { margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  detail: { margin: 0, overflowWrap: 'anywhere' },
  day: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  heading: { margin: `${tokens.spacingVerticalS} 0` , fontSize: tokens.fontSizeBase300 },
});

export interface RequestCardProps {
  appointment: Appointment;
  reference: ReferenceData;
  /** Admins see whose calendar it is. */
  showProfessional: boolean;
  selected: boolean;
  busy: boolean;
  onSelect: (selected: boolean) => void;
  onApprove: () => void;
  onDecline: (patient: string) => void;
  onPropose: (patient: string) => void;
}

/** One pending request: who, what, when (in the professional's zone), the intake answers and the rest of that day. */
export function RequestCard({ appointment, reference, showProfessional, selected, busy, onSelect, onApprove, onDecline, onPropose }: RequestCardProps) {
  const styles = useStyles();
  const { core } = useApi();
  // The list leaves names out; a single read carries the patient's name (and is audited as a read of their data).
  const detail = useQuery({
    queryKey: ['appointments', 'one', appointment.id],
    queryFn: () => unwrap(core.GET('/api/v1/appointments/{id}', { params: { path: { id: appointment.id } } })),
    staleTime: 5 * 60_000,
  });
  const day = localDayRange(appointment.start);
  const sameDay = useQuery({
    queryKey: ['appointments', 'day', appointment.professionalId, day.date],
    queryFn: () => unwrap(core.GET('/api/v1/appointments', { params: { query: { status: 'requested,approved', from: day.from, to: day.to } } })),
  });
  const others = (sameDay.data ?? [])
    .filter((other) => other.id !== appointment.id && other.professionalId === appointment.professionalId)
    .sort((a, b) => a.start.localeCompare(b.start));
  const patient = detail.data?.patientName ?? appointment.patientId;
  const service = reference.service(appointment.serviceId)?.name ?? appointment.serviceId;
  const when = formatLocalTime(appointment.start, appointment.timeZone);
  const intake = Object.entries(appointment.intake);
  const headingId = `request-${appointment.id}`;

  return (
    <Card className={styles.card} aria-labelledby={headingId} role="article">
      <div className={styles.head}>
        <Checkbox checked={selected} onChange={(_event, data) => onSelect(Boolean(data.checked))} aria-label={`Select the request from ${patient}`} />
        <div className={styles.title}>
          <Text as="h2" id={headingId} weight="semibold" size={400}>
            {patient} · {service}
          </Text>
          <Text>
            {when}
            {showProfessional ? ` · ${reference.professional(appointment.professionalId)?.name ?? appointment.professionalId}` : ''}
          </Text>
        </div>
        <Badge appearance="tint" color="warning">
          Requested
        </Badge>
      </div>
      <div className={styles.columns}>
        <section aria-label={`Intake answers of ${patient}`}>
          <h3 className={styles.heading}>Intake</h3>
          <dl className={styles.facts}>
            {appointment.message && (
              <>
                <dt className={styles.term}>Message</dt>
                <dd className={styles.detail}>{appointment.message}</dd>
              </>
            )}
            {intake.map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt className={styles.term}>{reference.intakeLabel(appointment.domainId, key)}</dt>
                <dd className={styles.detail}>{value}</dd>
              </div>
            ))}
            {intake.length === 0 && !appointment.message && <dd className={styles.detail}>No answers.</dd>}
          </dl>
        </section>
        <section aria-label={`Other appointments on ${day.date}`}>
          <h3 className={styles.heading}>That day</h3>
          {sameDay.isPending ? (
            <Text>Loading…</Text>
          ) : others.length === 0 ? (
            <Text>Nothing else booked.</Text>
          ) : (
            <ul className={styles.day}>
              {others.map((other) => (
                <li key={other.id}>
                  {formatTimeRange(other.start, other.end, other.timeZone)} {reference.service(other.serviceId)?.name ?? other.serviceId} ({other.status})
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={onApprove} aria-label={`Approve the request from ${patient}`}>
          Approve
        </Button>
        <Button disabled={busy} onClick={() => onDecline(patient)} aria-label={`Decline the request from ${patient}`}>
          Decline…
        </Button>
        <Button appearance="subtle" disabled={busy} onClick={() => onPropose(patient)} aria-label={`Propose other times to ${patient}`}>
          Propose times…
        </Button>
      </div>
    </Card>
  );
}
