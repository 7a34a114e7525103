import { useQuery } from '@tanstack/react-query';
import { Badge, Button, makeStyles, mergeClasses, MessageBar, MessageBarBody, Spinner, Text, ToggleButton, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import type { Appointment, Professional, Service } from '../api/admin-api';
import { calendarAppointments, errorText } from './calendar-api';
import { useSharedStyles } from './calendar-styles';
import { addDays, datesBetween, formatDate, formatTime, isoInZone, localDateOf, mondayOf, zoneAbbreviation, zonedInstant } from './zone-time';

const useStyles = makeStyles({
  days: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(10rem, 1fr))', gap: tokens.spacingHorizontalS },
  day: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalS, minWidth: 0,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  today: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300 },
  item: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusMedium,
    overflowWrap: 'anywhere',
  },
  // Requested and approved differ by border style and label, not by colour alone.
  requested: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorPaletteMarigoldBorder2}`, backgroundColor: tokens.colorNeutralBackground1 },
  approved: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
});

export type CalendarMode = 'week' | 'day';

export interface WeekViewProps {
  professional: Professional;
  services: readonly Service[];
  mode: CalendarMode;
  /** Any local date in the week (or the day) shown. */
  date: string;
  onNavigate: (next: { date: string; mode: CalendarMode }) => void;
}

/** The days shown and the instants that bound them, midnight to midnight on the professional's clocks. */
export function calendarRange(mode: CalendarMode, date: string, timeZone: string) {
  const first = mode === 'week' ? mondayOf(date) : date;
  const last = mode === 'week' ? addDays(first, 6) : first;
  const from = zonedInstant(first, '00:00', timeZone);
  const to = zonedInstant(addDays(last, 1), '00:00', timeZone);
  return { days: datesBetween(first, last), from: isoInZone(from, timeZone), to: isoInZone(to, timeZone), fromInstant: from, toInstant: to };
}

/** One professional's requested and approved appointments by day, in their own time zone. */
export function WeekView({ professional, services, mode, date, onNavigate }: WeekViewProps) {
  const styles = useStyles();
  const shared = useSharedStyles();
  const { core } = useApi();
  const { timeZone } = professional;
  const range = calendarRange(mode, date, timeZone);
  const today = localDateOf(new Date(), timeZone);
  const appointments = useQuery({
    queryKey: ['appointments', 'calendar', professional.id, range.from, range.to],
    queryFn: () => calendarAppointments(core, { professionalId: professional.id, from: range.from, to: range.to }),
  });

  const step = mode === 'week' ? 7 : 1;
  const unit = mode === 'week' ? 'week' : 'day';
  const byDay = new Map<string, Appointment[]>();
  for (const appointment of appointments.data ?? []) {
    const day = localDateOf(appointment.start, timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), appointment]);
  }
  const before = zoneAbbreviation(range.fromInstant, timeZone);
  const after = zoneAbbreviation(range.toInstant, timeZone);
  const count = appointments.data?.length ?? 0;
  const title = mode === 'week' ? `Week of ${formatDate(range.days[0]!)} to ${formatDate(range.days.at(-1)!)}` : formatDate(date, 'en-GB', 'long');

  return (
    <section className={shared.section} aria-label="Appointments">
      <div className={shared.row} role="toolbar" aria-label="Calendar navigation">
        <Button className={shared.touch} onClick={() => onNavigate({ date: addDays(date, -step), mode })}>
          Previous {unit}
        </Button>
        <Button className={shared.touch} onClick={() => onNavigate({ date: today, mode })}>
          Today
        </Button>
        <Button className={shared.touch} onClick={() => onNavigate({ date: addDays(date, step), mode })}>
          Next {unit}
        </Button>
        <ToggleButton className={shared.touch} checked={mode === 'week'} onClick={() => onNavigate({ date, mode: 'week' })}>
          Week
        </ToggleButton>
        <ToggleButton className={shared.touch} checked={mode === 'day'} onClick={() => onNavigate({ date, mode: 'day' })}>
          Day
        </ToggleButton>
      </div>
      <h2 style={{ margin: 0 }}>{title}</h2>
      {before !== after && (
        <MessageBar intent="info">
          <MessageBarBody>
            The clocks change in {professional.name}&apos;s time zone during this {unit} ({before} to {after}); times are as the clocks there read.
          </MessageBarBody>
        </MessageBar>
      )}
      <Text role="status">
        {appointments.isSuccess ? `${count} ${count === 1 ? 'appointment' : 'appointments'} this ${unit}.` : ''}
      </Text>
      {appointments.isPending && <Spinner label="Loading appointments…" />}
      {appointments.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the appointments: {errorText(appointments.error)}</MessageBarBody>
        </MessageBar>
      )}
      {appointments.isSuccess && (
        <div className={styles.days}>
          {range.days.map((day) => (
            <section key={day} aria-label={formatDate(day, 'en-GB', 'long')} className={mergeClasses(styles.day, day === today && styles.today)}>
              <h3 className={styles.heading}>
                {mode === 'week' ? (
                  <Button appearance="transparent" className={shared.touch} onClick={() => onNavigate({ date: day, mode: 'day' })} aria-label={`Open ${formatDate(day, 'en-GB', 'long')}`}>
                    {formatDate(day)}
                  </Button>
                ) : (
                  formatDate(day)
                )}
                {day === today && ' (today)'}
              </h3>
              {(byDay.get(day) ?? []).length === 0 ? (
                <Text size={200}>Nothing booked.</Text>
              ) : (
                <ul className={shared.list}>
                  {byDay.get(day)!.map((appointment) => (
                    <AppointmentItem key={appointment.id} appointment={appointment} timeZone={timeZone} services={services} />
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function AppointmentItem({ appointment, timeZone, services }: { appointment: Appointment; timeZone: string; services: readonly Service[] }) {
  const styles = useStyles();
  const requested = appointment.status === 'requested';
  const service = services.find((candidate) => candidate.id === appointment.serviceId)?.name ?? appointment.serviceId;
  const time = `${formatTime(appointment.start, timeZone)}–${formatTime(appointment.end, timeZone)}`;
  return (
    <li className={mergeClasses(styles.item, requested ? styles.requested : styles.approved)}>
      <Text weight="semibold">{time}</Text>
      <Text>{appointment.patientName ?? appointment.patientId}</Text>
      <Text size={200}>{service}</Text>
      <Badge appearance={requested ? 'outline' : 'filled'} color={requested ? 'warning' : 'brand'} shape="rounded">
        {requested ? 'Requested (to decide)' : 'Approved'}
      </Badge>
    </li>
  );
}
