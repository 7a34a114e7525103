import { useId } from 'react';
import { Button, Checkbox, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useSharedStyles } from './calendar-styles';
import { newKey, reasonMaxLength, type DraftException, type Problems } from './availability-rules';
import { formatDate, isCalendarDate } from './zone-time';

const useStyles = makeStyles({
  item: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  reason: { flexGrow: 1, minWidth: '12rem' },
});

export interface ExceptionsEditorProps {
  exceptions: readonly DraftException[];
  onChange: (exceptions: DraftException[]) => void;
  problems: Problems;
  /** The local date a new exception starts on (today where the professional is). */
  today: string;
}

/** Dated changes to the weekly hours: a closed day, or replacement hours for that date, each with an optional reason. */
export function ExceptionsEditor({ exceptions, onChange, problems, today }: ExceptionsEditorProps) {
  const styles = useStyles();
  const shared = useSharedStyles();
  const baseId = useId();
  const update = (key: string, change: Partial<DraftException>) =>
    onChange(exceptions.map((exception) => (exception.key === key ? { ...exception, ...change } : exception)));

  return (
    <div className={shared.section}>
      {exceptions.length === 0 && <Text>No exceptions: every date follows the weekly hours.</Text>}
      <ul className={shared.list}>
        {exceptions.map((exception, index) => {
          const name = `Exception ${index + 1}${isCalendarDate(exception.date) ? ` (${formatDate(exception.date)})` : ''}`;
          const problem = problems.get(exception.key);
          const problemId = `${baseId}-${exception.key}`;
          const invalid = problem ? { 'aria-invalid': true, 'aria-describedby': problemId } : {};
          return (
            <li key={exception.key}>
              <div className={styles.item} role="group" aria-label={name}>
                <div className={shared.row}>
                  <Field label="Date">
                    <Input type="date" value={exception.date} onChange={(_event, data) => update(exception.key, { date: data.value })} {...invalid} />
                  </Field>
                  <Checkbox
                    className={shared.touch} label="Closed all day" checked={exception.closed}
                    onChange={(_event, data) => update(exception.key, { closed: data.checked === true })}
                  />
                  {!exception.closed && (
                    <>
                      <Field label="From">
                        <Input
                          className={shared.time} placeholder="09:00" inputMode="numeric" value={exception.start}
                          onChange={(_event, data) => update(exception.key, { start: data.value.trim() })} {...invalid}
                        />
                      </Field>
                      <Field label="To">
                        <Input
                          className={shared.time} placeholder="13:00" inputMode="numeric" value={exception.end}
                          onChange={(_event, data) => update(exception.key, { end: data.value.trim() })} {...invalid}
                        />
                      </Field>
                    </>
                  )}
                  <Field label="Reason (optional)" className={styles.reason}>
                    <Input value={exception.reason} maxLength={reasonMaxLength} onChange={(_event, data) => update(exception.key, { reason: data.value })} />
                  </Field>
                  <Button
                    className={shared.touch} appearance="subtle" aria-label={`Remove ${name}`}
                    onClick={() => onChange(exceptions.filter((item) => item.key !== exception.key))}
                  >
                    Remove
                  </Button>
                </div>
                {problem && (
                  <p id={problemId} className={shared.problem}>
                    {problem}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <div className={shared.row}>
        <Button className={shared.touch} onClick={() => onChange([...exceptions, { key: newKey(), date: today, closed: true, start: '', end: '', reason: '' }])}>
          Add a closed day
        </Button>
        <Button className={shared.touch} onClick={() => onChange([...exceptions, { key: newKey(), date: today, closed: false, start: '09:00', end: '13:00', reason: '' }])}>
          Add changed hours
        </Button>
      </div>
    </div>
  );
}
