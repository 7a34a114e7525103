import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import {
  Card, Field, Input, Link, makeStyles, MessageBar, MessageBarBody, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap, type AnalyticsQuery, type AnalyticsSummary } from '../api/admin-api';
import { duration, lastThirtyDays, percent, rangeProblem } from './analytics-format';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalM },
  figure: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  scroll: { overflowX: 'auto' },
  chart: { margin: 0 },
});

type Status = keyof AnalyticsSummary['bookings']['byStatus'];
const statuses: Array<{ key: Status; label: string; colour: string }> = [
  { key: 'requested', label: 'Requested', colour: '#8a8886' },
  { key: 'approved', label: 'Approved', colour: '#0f6cbd' },
  { key: 'completed', label: 'Completed', colour: '#107c10' },
  { key: 'declined', label: 'Declined', colour: '#c50f1f' },
  { key: 'expired', label: 'Expired', colour: '#bc4b09' },
  { key: 'cancelled', label: 'Cancelled', colour: '#8764b8' },
  { key: 'rescheduled', label: 'Rescheduled', colour: '#00b7c3' },
  { key: 'no_show', label: 'No-show', colour: '#e3008c' },
];

/** Analytics: bookings, time to decision, attendance, channels and the assistant over a range of days. */
export function AnalyticsPage({ role }: { role: 'professional' | 'admin' }) {
  const styles = useStyles();
  const { core } = useApi();
  const [range, setRange] = useState(lastThirtyDays);
  const [domainId, setDomainId] = useState('');
  const problem = rangeProblem(range.from, range.to);
  const query: AnalyticsQuery = { from: range.from, to: range.to, ...(domainId ? { domainId } : {}) };

  const domains = useQuery({ queryKey: ['domains'], queryFn: () => unwrap(core.GET('/api/v1/domains')), staleTime: 5 * 60_000, enabled: role === 'admin' });
  const summary = useQuery({
    queryKey: ['analytics', 'summary', query],
    queryFn: () => unwrap(core.GET('/api/v1/analytics/summary', { params: { query } })),
    enabled: problem === null,
  });
  const byProfessional = useQuery({
    queryKey: ['analytics', 'by-professional', query],
    queryFn: () => unwrap(core.GET('/api/v1/analytics/by-professional', { params: { query } })),
    enabled: problem === null,
  });

  const data = summary.data;
  const empty = data !== undefined && data.bookings.total === 0;
  return (
    <div className={styles.page}>
      <h1>Analytics</h1>
      <div className={styles.filters} role="group" aria-label="Period">
        <Field label="From">
          <Input type="date" value={range.from} max={range.to} onChange={(_event, input) => setRange((current) => ({ ...current, from: input.value }))} />
        </Field>
        <Field label="To">
          <Input type="date" value={range.to} min={range.from} onChange={(_event, input) => setRange((current) => ({ ...current, to: input.value }))} />
        </Field>
        {role === 'admin' && (
          <Field label="Domain">
            <Select value={domainId} onChange={(_event, input) => setDomainId(input.value)}>
              <option value="">All domains</option>
              {(domains.data ?? []).map((domain) => (
                <option key={domain.id} value={domain.id}>
                  {domain.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {data && <Text>Days counted in {data.timeZone}.</Text>}
      </div>
      {!problem && <CsvLinks query={query} admin={role === 'admin'} />}
      {problem && (
        <MessageBar intent="warning">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {!problem && summary.isPending && <Spinner label="Loading analytics…" />}
      {summary.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the analytics: {summary.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {empty && <p>No bookings in this period.</p>}
      {data && !empty && <Figures summary={data} />}
      {data && !empty && <Charts summary={data} />}

      {!problem && !empty && (
        <section aria-labelledby="by-professional">
          <h2 id="by-professional">By professional</h2>
          {byProfessional.isPending && <Spinner label="Loading the professionals…" />}
          {byProfessional.isError && (
            <MessageBar intent="error">
              <MessageBarBody>Could not load the figures by professional: {byProfessional.error.message}</MessageBarBody>
            </MessageBar>
          )}
          {byProfessional.data && (
            <div className={styles.scroll}>
              <Table aria-label="Figures by professional" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Professional</TableHeaderCell>
                    <TableHeaderCell>Bookings</TableHeaderCell>
                    <TableHeaderCell>Approved</TableHeaderCell>
                    <TableHeaderCell>Declined</TableHeaderCell>
                    <TableHeaderCell>Decision median</TableHeaderCell>
                    <TableHeaderCell>Decision p90</TableHeaderCell>
                    <TableHeaderCell>No-show rate</TableHeaderCell>
                    <TableHeaderCell>Cancellation rate</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {byProfessional.data.rows.map((row) => (
                    <TableRow key={row.id}>
                      <TableCell>{row.name}</TableCell>
                      <TableCell>{row.bookings.total}</TableCell>
                      <TableCell>{row.bookings.byStatus.approved}</TableCell>
                      <TableCell>{row.bookings.byStatus.declined}</TableCell>
                      <TableCell>{duration(row.timeToDecision.medianMinutes)}</TableCell>
                      <TableCell>{duration(row.timeToDecision.p90Minutes)}</TableCell>
                      <TableCell>{percent(row.attendance.noShowRate)}</TableCell>
                      <TableCell>{percent(row.attendance.cancellationRate)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function Figures({ summary }: { summary: AnalyticsSummary }) {
  const styles = useStyles();
  const { timeToDecision, attendance, assistant } = summary;
  const figures: Array<{ label: string; value: string; detail: string }> = [
    { label: 'Bookings', value: String(summary.bookings.total), detail: `${summary.assistantBookings} filed by the assistant` },
    { label: 'Time to decision (median)', value: duration(timeToDecision.medianMinutes), detail: `${timeToDecision.decided} decided by a person` },
    { label: 'Time to decision (p90)', value: duration(timeToDecision.p90Minutes), detail: '9 in 10 decided within this' },
    { label: 'No-show rate', value: percent(attendance.noShowRate), detail: `${attendance.byStatus.no_show} of ${attendance.byStatus.completed + attendance.byStatus.no_show} attended or missed` },
    { label: 'Cancellation rate', value: percent(attendance.cancellationRate), detail: `${attendance.byStatus.cancelled} cancelled` },
  ];
  if (assistant) {
    figures.push(
      { label: 'Assistant completion rate', value: percent(assistant.completionRate), detail: `${assistant.sessionsWithBooking} of ${assistant.sessions} sessions booked` },
      { label: 'Assistant handoff rate', value: percent(assistant.handoffRate), detail: `${assistant.sessionsWithHandoff} of ${assistant.sessions} sessions handed off` },
    );
  }
  return (
    <ul className={styles.cards} aria-label="Figures" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {figures.map((figure) => (
        <li key={figure.label}>
          <Card aria-label={figure.label}>
            <Text weight="semibold">{figure.label}</Text>
            <span className={styles.figure}>{figure.value}</span>
            <Text size={200}>{figure.detail}</Text>
          </Card>
        </li>
      ))}
    </ul>
  );
}

function Charts({ summary }: { summary: AnalyticsSummary }) {
  const styles = useStyles();
  // Only the statuses that occur, so the legend names what the bars show.
  const shown = statuses.filter((status) => summary.bookingsPerDay.some((day) => day.byStatus[status.key] > 0));
  const perDay = summary.bookingsPerDay.map((day) => ({ date: day.date.slice(5), ...day.byStatus }));
  return (
    <>
      <figure className={styles.chart}>
        <h2>Bookings per day</h2>
        <div className={styles.scroll}>
          <BarChart width={Math.max(640, perDay.length * 18)} height={280} data={perDay} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {shown.map((status) => (
              <Bar key={status.key} dataKey={status.key} name={status.label} stackId="status" fill={status.colour} isAnimationActive={false} />
            ))}
          </BarChart>
        </div>
        <figcaption>Requests created each day, by their current status.</figcaption>
      </figure>
      <figure className={styles.chart}>
        <h2>Channels</h2>
        {summary.channels.length === 0 ? (
          <p>No channel recorded.</p>
        ) : (
          <div className={styles.scroll}>
            <BarChart width={520} height={Math.max(120, summary.channels.length * 40 + 40)} data={summary.channels} layout="vertical" accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="channel" width={90} />
              <Tooltip />
              <Bar dataKey="bookings" name="Bookings" fill="#0f6cbd" isAnimationActive={false} />
            </BarChart>
          </div>
        )}
        <figcaption>
          Bookings by the channel they came through: {summary.channels.map((entry) => `${entry.channel} ${entry.bookings}`).join(', ') || 'none'}.
        </figcaption>
      </figure>
    </>
  );
}

/**
 * The tables as CSV files. Plain links: a GET through /admin/api carries the
 * session cookie, and the server names the file.
 */
function CsvLinks({ query, admin }: { query: AnalyticsQuery; admin: boolean }) {
  const href = (table: string) => `/admin/api/v1/analytics/export?${new URLSearchParams({ ...query, table }).toString()}`;
  const tables = [
    { table: 'per-day', label: 'Bookings per day (CSV)' },
    { table: 'by-professional', label: 'By professional (CSV)' },
    ...(admin ? [{ table: 'by-domain', label: 'By domain (CSV)' }] : []),
  ];
  return (
    <nav aria-label="Download as CSV" style={{ display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' }}>
      {tables.map(({ table, label }) => (
        <Link key={table} href={href(table)} download style={{ minHeight: '2.75rem', display: 'inline-flex', alignItems: 'center' }}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
