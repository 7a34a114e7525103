import { useId, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Select, Text, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import type { Service } from '../api/admin-api';
import { errorText, previewSlots, type PreviewBody, type SlotsAnswer } from './calendar-api';
import { useSharedStyles } from './calendar-styles';
import type { AvailabilityBody } from './availability-rules';
import { addDays, datesBetween, formatDate, formatTime, isCalendarDate, localDateOf } from './zone-time';

const useStyles = makeStyles({
  days: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalM },
  day: { padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3, minWidth: 0 },
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase300 },
  times: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

// core-api answers at most 93 days of slots at a time (availability-service.ts).
const maximumDays = 93;

function rangeProblem(from: string, to: string): string | null {
  if (!isCalendarDate(from) || !isCalendarDate(to)) return 'Pick the first and the last day.';
  if (to < from) return 'The first day must not be after the last.';
  if (datesBetween(from, to).length > maximumDays) return `Preview at most ${maximumDays} days at a time.`;
  return null;
}

export interface SlotsPreviewProps {
  professionalId: string;
  services: readonly Service[];
  /** Today where the professional is: the range starts there. */
  today: string;
  /** The draft as it would be saved, or null when it has problems (which the editor then shows). */
  draft: () => AvailabilityBody | null;
}

/** The slots the draft hours would offer for one service, asked of core-api without saving, by local day. */
export function SlotsPreview({ professionalId, services, today, draft }: SlotsPreviewProps) {
  const shared = useSharedStyles();
  const { core } = useApi();
  const [service, setService] = useState(services[0]?.id ?? '');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 6));
  const [tried, setTried] = useState(false);
  const problem = rangeProblem(from, to);
  const headingId = useId();

  const preview = useMutation({
    mutationFn: async (body: PreviewBody) => ({ body, answer: await previewSlots(core, professionalId, body) }),
  });
  const run = () => {
    setTried(true);
    const rules = draft();
    if (!rules || problem || !service) return;
    preview.mutate({ ...rules, service, from, to });
  };

  return (
    <section className={shared.section} aria-labelledby={headingId}>
      <h3 id={headingId} style={{ margin: 0 }}>
        Preview the slots
      </h3>
      <Text>The slots patients would be offered under these hours: times already booked, or too soon to book, are left out.</Text>
      <div className={shared.row}>
        <Field label="Service">
          <Select value={service} onChange={(_event, data) => setService(data.value)}>
            {services.length === 0 && <option value="">No services offered</option>}
            {services.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name} ({item.minutes} min)
              </option>
            ))}
          </Select>
        </Field>
        <Field label="First day">
          <Input type="date" value={from} onChange={(_event, data) => setFrom(data.value)} />
        </Field>
        <Field label="Last day">
          <Input type="date" value={to} min={from} onChange={(_event, data) => setTo(data.value)} />
        </Field>
        <Button className={shared.touch} disabled={preview.isPending || !service} onClick={run}>
          Preview slots
        </Button>
      </div>
      {tried && problem && (
        <MessageBar intent="warning">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {preview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not preview: {errorText(preview.error)}</MessageBarBody>
        </MessageBar>
      )}
      <Text role="status">{preview.data ? summary(preview.data.body, preview.data.answer) : ''}</Text>
      {preview.data && <PreviewDays request={preview.data.body} answer={preview.data.answer} />}
    </section>
  );
}

function PreviewDays({ request, answer }: { request: PreviewBody; answer: SlotsAnswer }) {
  const styles = useStyles();
  const byDay = new Map<string, SlotsAnswer['slots']>();
  for (const slot of answer.slots) {
    const day = localDateOf(slot.start, answer.timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  return (
    <div className={styles.days} aria-label="Slots by day" role="region">
      {datesBetween(request.from, request.to).map((day) => {
        const slots = byDay.get(day) ?? [];
        return (
          <section key={day} className={styles.day} aria-label={`Slots on ${formatDate(day, 'en-GB', 'long')}`}>
            <h4 className={styles.heading}>{formatDate(day)}</h4>
            {slots.length === 0 ? (
              <Text size={200}>No slots</Text>
            ) : (
              <ul className={styles.times}>
                {slots.map((slot) => (
                  <li key={slot.start}>{formatTime(slot.start, answer.timeZone)}</li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

const summary = (request: PreviewBody, answer: SlotsAnswer) =>
  `${answer.slots.length} ${answer.slots.length === 1 ? 'slot' : 'slots'} from ${formatDate(request.from)} to ${formatDate(request.to)}, times in ${answer.timeZone}. Nothing is saved yet.`;
