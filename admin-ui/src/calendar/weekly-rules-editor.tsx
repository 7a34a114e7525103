import { useId } from 'react';
import { Button, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useSharedStyles } from './calendar-styles';
import { newKey, weekdays, type DraftRule, type Problems } from './availability-rules';

const useStyles = makeStyles({
  days: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(19rem, 1fr))', gap: tokens.spacingHorizontalM },
  day: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalM, margin: 0, minWidth: 0,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  window: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

export interface WeeklyRulesEditorProps {
  rules: readonly DraftRule[];
  onChange: (rules: DraftRule[]) => void;
  /** Problems to show, by row key (empty until the person tries to send). */
  problems: Problems;
}

/** Opening hours per weekday: any number of windows a day, each "HH:mm" to "HH:mm" in the professional's zone. */
export function WeeklyRulesEditor({ rules, onChange, problems }: WeeklyRulesEditorProps) {
  const styles = useStyles();
  const shared = useSharedStyles();
  const baseId = useId();
  const update = (key: string, change: Partial<DraftRule>) => onChange(rules.map((rule) => (rule.key === key ? { ...rule, ...change } : rule)));
  const remove = (key: string) => onChange(rules.filter((rule) => rule.key !== key));
  // A new window starts where the day's last one ends, so adding an afternoon is one edit away.
  const add = (weekday: number) => {
    const last = rules.filter((rule) => rule.weekday === weekday).at(-1);
    onChange([...rules, last ? { key: newKey(), weekday, start: last.end, end: '' } : { key: newKey(), weekday, start: '09:00', end: '17:00' }]);
  };

  return (
    <div className={styles.days}>
      {weekdays.map(({ weekday, name }) => {
        const day = rules.filter((rule) => rule.weekday === weekday);
        return (
          <fieldset key={weekday} className={styles.day}>
            <legend className={styles.legend}>{name}</legend>
            {day.length === 0 && <Text size={200}>Closed</Text>}
            {day.map((rule, index) => {
              const label = `${name}, window ${index + 1}`;
              const problem = problems.get(rule.key);
              const problemId = `${baseId}-${rule.key}`;
              const invalid = problem ? { 'aria-invalid': true, 'aria-describedby': problemId } : {};
              return (
                <div key={rule.key}>
                  <div className={styles.window}>
                    <Input
                      className={shared.time} aria-label={`${label}, start`} placeholder="09:00" inputMode="numeric" value={rule.start}
                      onChange={(_event, data) => update(rule.key, { start: data.value.trim() })} {...invalid}
                    />
                    <Text aria-hidden>to</Text>
                    <Input
                      className={shared.time} aria-label={`${label}, end`} placeholder="17:00" inputMode="numeric" value={rule.end}
                      onChange={(_event, data) => update(rule.key, { end: data.value.trim() })} {...invalid}
                    />
                    <Button className={shared.touch} appearance="subtle" onClick={() => remove(rule.key)} aria-label={`Remove ${label}`}>
                      Remove
                    </Button>
                  </div>
                  {problem && (
                    <p id={problemId} className={shared.problem}>
                      {problem}
                    </p>
                  )}
                </div>
              );
            })}
            <Button className={shared.touch} onClick={() => add(weekday)}>
              Add hours on {name}
            </Button>
          </fieldset>
        );
      })}
    </div>
  );
}
