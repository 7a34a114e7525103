import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import type { Professional, Service } from '../api/admin-api';
import { unwrap } from '../api/admin-api';
import { availabilityKey, errorText } from './calendar-api';
import { useSharedStyles } from './calendar-styles';
import {
  checkExceptions, checkWeekly, exceptionsBody, toDraftExceptions, toDraftRules, weeklyBody, type Availability, type AvailabilityBody, type DraftException, type DraftRule,
} from './availability-rules';
import { ExceptionsEditor } from './exceptions-editor';
import { SlotsPreview } from './slots-preview';
import { WeeklyRulesEditor } from './weekly-rules-editor';
import { localDateOf } from './zone-time';

/** The selected professional's weekly hours and exceptions: load, edit, preview the slots, save. */
export function AvailabilityEditor({ professional, services }: { professional: Professional; services: readonly Service[] }) {
  const { core } = useApi();
  const availability = useQuery({
    queryKey: availabilityKey(professional.id),
    queryFn: () => unwrap(core.GET('/api/v1/professionals/{id}/availability', { params: { path: { id: professional.id } } })),
  });
  if (availability.isPending) return <Spinner label="Loading the opening hours…" />;
  if (availability.isError) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>Could not load the opening hours: {errorText(availability.error)}</MessageBarBody>
      </MessageBar>
    );
  }
  // The professional's own services, when their record lists them; core-api refuses a preview for any other.
  const offered = professional.serviceIds.length > 0 ? services.filter((service) => professional.serviceIds.includes(service.id)) : services;
  return <AvailabilityForm key={professional.id} professional={professional} services={offered} saved={availability.data} />;
}

function AvailabilityForm({ professional, services, saved }: { professional: Professional; services: readonly Service[]; saved: Availability }) {
  const shared = useSharedStyles();
  const { core } = useApi();
  const queryClient = useQueryClient();
  const [rules, setRules] = useState<DraftRule[]>(() => toDraftRules(saved.weekly));
  const [exceptions, setExceptions] = useState<DraftException[]>(() => toDraftExceptions(saved.exceptions));
  const [tried, setTried] = useState(false);
  const [notice, setNotice] = useState('');
  const timeZone = saved.timeZone;
  const today = localDateOf(new Date(), timeZone);
  const weeklyId = useId();
  const exceptionsId = useId();

  const none = new Map<string, string>();
  const weeklyProblems = tried ? checkWeekly(rules) : none;
  const exceptionProblems = tried ? checkExceptions(exceptions) : none;
  const problemCount = weeklyProblems.size + exceptionProblems.size;

  /** The body to send, or null after marking what must be fixed first. */
  const draft = (): AvailabilityBody | null => {
    setTried(true);
    setNotice('');
    if (checkWeekly(rules).size + checkExceptions(exceptions).size > 0) return null;
    return { weekly: weeklyBody(rules), exceptions: exceptionsBody(exceptions) };
  };
  const unchanged =
    JSON.stringify(weeklyBody(rules)) === JSON.stringify(weeklyBody(toDraftRules(saved.weekly))) &&
    JSON.stringify(exceptionsBody(exceptions)) === JSON.stringify(exceptionsBody(toDraftExceptions(saved.exceptions)));

  const save = useMutation({
    mutationFn: (body: AvailabilityBody) => unwrap(core.PUT('/api/v1/professionals/{id}/availability', { params: { path: { id: professional.id } }, body })),
    onSuccess: (stored) => {
      queryClient.setQueryData(availabilityKey(professional.id), stored);
      setRules(toDraftRules(stored.weekly));
      setExceptions(toDraftExceptions(stored.exceptions));
      setTried(false);
      setNotice(`Saved the opening hours of ${professional.name}.`);
    },
  });
  const submit = () => {
    save.reset();
    const body = draft();
    if (body) save.mutate(body);
  };
  const discard = () => {
    setRules(toDraftRules(saved.weekly));
    setExceptions(toDraftExceptions(saved.exceptions));
    setTried(false);
    save.reset();
  };

  return (
    <div className={shared.section}>
      <Text>
        Hours are on {professional.name}&apos;s clocks ({timeZone}). Changes take effect for new bookings once saved; booked appointments stay.
      </Text>
      <section className={shared.section} aria-labelledby={weeklyId}>
        <h3 id={weeklyId} style={{ margin: 0 }}>
          Weekly hours
        </h3>
        <WeeklyRulesEditor rules={rules} onChange={setRules} problems={weeklyProblems} />
      </section>
      <section className={shared.section} aria-labelledby={exceptionsId}>
        <h3 id={exceptionsId} style={{ margin: 0 }}>
          Exceptions
        </h3>
        <ExceptionsEditor exceptions={exceptions} onChange={setExceptions} problems={exceptionProblems} today={today} />
      </section>
      {problemCount > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>
            Fix the {problemCount === 1 ? 'marked problem' : `${problemCount} marked problems`} first: nothing was previewed or saved.
          </MessageBarBody>
        </MessageBar>
      )}
      <SlotsPreview professionalId={professional.id} services={services} today={today} draft={draft} />
      <div className={shared.row}>
        <Button className={shared.touch} appearance="primary" disabled={unchanged || save.isPending} onClick={submit}>
          Save opening hours
        </Button>
        <Button className={shared.touch} disabled={unchanged || save.isPending} onClick={discard}>
          Discard changes
        </Button>
      </div>
      {save.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not save: {errorText(save.error)}</MessageBarBody>
        </MessageBar>
      )}
      <Text role="status">{notice}</Text>
    </div>
  );
}
