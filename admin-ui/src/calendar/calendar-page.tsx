import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Field, makeStyles, MessageBar, MessageBarBody, Select, Spinner, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap } from '../api/admin-api';
import { AvailabilityEditor } from './availability-editor';
import { BulkAvailability } from './bulk-availability';
import { useSharedStyles } from './calendar-styles';
import { WeekView, type CalendarMode } from './week-view';
import { isCalendarDate, localDateOf, zoneAbbreviation } from './zone-time';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  zone: { fontWeight: tokens.fontWeightSemibold },
});

type CalendarTab = 'calendar' | 'hours' | 'bulk';

export interface CalendarPageProps {
  user: { id: string; role: 'professional' | 'admin' };
}

/**
 * A professional's calendar (week or day, on their own clocks) and opening hours. Professionals see
 * their own; admins pick anyone, and can set the weekly hours of several professionals at once.
 * What is shown lives in the URL (`?professional=&tab=&view=&date=`), so a reload or a link keeps it.
 */
export function CalendarPage({ user }: CalendarPageProps) {
  const styles = useStyles();
  const shared = useSharedStyles();
  const { core } = useApi();
  const tabsId = useId();
  const [params, setParams] = useSearchParams();
  const staleTime = 5 * 60_000;
  const professionals = useQuery({ queryKey: ['professionals'], queryFn: () => unwrap(core.GET('/api/v1/professionals')), staleTime });
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(core.GET('/api/v1/services')), staleTime });

  const admin = user.role === 'admin';
  const professionalId = admin ? (params.get('professional') ?? professionals.data?.[0]?.id) : user.id;
  const professional = professionals.data?.find((candidate) => candidate.id === professionalId);
  const requestedTab = params.get('tab');
  const tab: CalendarTab = requestedTab === 'hours' || (requestedTab === 'bulk' && admin) ? requestedTab : 'calendar';
  const mode: CalendarMode = params.get('view') === 'day' ? 'day' : 'week';
  const requestedDate = params.get('date') ?? '';
  const date = isCalendarDate(requestedDate) ? requestedDate : professional ? localDateOf(new Date(), professional.timeZone) : '';

  const change = (changes: Record<string, string>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [name, value] of Object.entries(changes)) next.set(name, value);
      return next;
    });

  if (professionals.isPending || services.isPending) return <Spinner label="Loading the calendar…" />;
  if (professionals.isError || services.isError) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>Could not load the professionals and services: {(professionals.error ?? services.error)!.message}</MessageBarBody>
      </MessageBar>
    );
  }

  return (
    <div className={styles.page}>
      <h1>Calendar</h1>
      <div className={shared.row}>
        {admin && tab !== 'bulk' && (
          <Field label="Professional">
            <Select value={professional?.id ?? ''} onChange={(_event, data) => change({ professional: data.value })}>
              {!professional && <option value="">Pick a professional</option>}
              {professionals.data.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {professional && tab !== 'bulk' && (
          <Text>
            {admin ? '' : `${professional.name}: `}times are in <span className={styles.zone}>{professional.timeZone}</span>
            {` (${zoneAbbreviation(new Date(), professional.timeZone)}), ${admin ? "the professional's" : 'your'} time zone.`}
          </Text>
        )}
      </div>
      <TabList selectedValue={tab} onTabSelect={(_event, data) => change({ tab: String(data.value) })} aria-label="Calendar sections">
        <Tab className={shared.touch} value="calendar" id={`${tabsId}-calendar`}>
          Appointments
        </Tab>
        <Tab className={shared.touch} value="hours" id={`${tabsId}-hours`}>
          Opening hours
        </Tab>
        {admin && (
          <Tab className={shared.touch} value="bulk" id={`${tabsId}-bulk`}>
            Several professionals
          </Tab>
        )}
      </TabList>
      <div role="tabpanel" aria-labelledby={`${tabsId}-${tab}`}>
        {tab === 'bulk' ? (
          <BulkAvailability professionals={professionals.data} />
        ) : !professional ? (
          <MessageBar intent="warning">
            <MessageBarBody>
              {!admin
                ? 'Your professional record was not found, so there is no calendar to show.'
                : professionals.data.length === 0
                  ? 'There are no professionals yet.'
                  : `There is no professional "${professionalId}": pick one above.`}
            </MessageBarBody>
          </MessageBar>
        ) : tab === 'hours' ? (
          <AvailabilityEditor key={professional.id} professional={professional} services={services.data} />
        ) : (
          <WeekView professional={professional} services={services.data} mode={mode} date={date} onNavigate={(next) => change({ date: next.date, view: next.mode })} />
        )}
      </div>
    </div>
  );
}
