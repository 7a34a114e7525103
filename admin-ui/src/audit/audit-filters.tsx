import { useState } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { noFilters, rangeProblem, type AuditFilters } from './audit-model';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(11rem, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
});

const texts: ReadonlyArray<{ name: Exclude<keyof AuditFilters, 'from' | 'to'>; label: string; hint: string }> = [
  { name: 'actor', label: 'Actor', hint: 'Who acted, e.g. admin-sam' },
  { name: 'action', label: 'Action', hint: 'e.g. appointment.approve' },
  { name: 'patient', label: 'Subject user (patient)', hint: 'Whose data it was, e.g. patient-ana' },
  { name: 'resourceType', label: 'Resource type', hint: 'e.g. appointment' },
  { name: 'resourceId', label: 'Resource id', hint: 'e.g. appt-123' },
];

/** The audit filters; they apply on submit, so typing an id does not ask the server at every key. */
export function AuditFiltersForm({ applied, onApply }: { applied: AuditFilters; onApply: (filters: AuditFilters) => void }) {
  const styles = useStyles();
  const [draft, setDraft] = useState(applied);
  const [tried, setTried] = useState(false);
  const problem = rangeProblem(draft);
  const set = (name: keyof AuditFilters, value: string) => setDraft((current) => ({ ...current, [name]: value }));
  return (
    <form
      className={styles.form}
      aria-label="Filter the audit log"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (!problem) onApply(draft);
      }}
    >
      <div className={styles.fields}>
        {texts.map(({ name, label, hint }) => (
          <Field key={name} label={label} hint={hint}>
            <Input value={draft[name]} onChange={(_event, data) => set(name, data.value)} maxLength={name === 'resourceId' ? 200 : 100} spellCheck={false} />
          </Field>
        ))}
        <Field label="From day">
          <Input type="date" value={draft.from} max={draft.to || undefined} onChange={(_event, data) => set('from', data.value)} />
        </Field>
        <Field label="To day (included)" validationState={tried && problem ? 'error' : 'none'} validationMessage={tried && problem ? problem : undefined}>
          <Input type="date" value={draft.to} min={draft.from || undefined} onChange={(_event, data) => set('to', data.value)} />
        </Field>
      </div>
      <div className={styles.row}>
        <Button className={styles.touch} appearance="primary" type="submit">
          Apply filters
        </Button>
        <Button
          className={styles.touch}
          type="button"
          onClick={() => {
            setDraft(noFilters);
            setTried(false);
            onApply(noFilters);
          }}
        >
          Clear filters
        </Button>
      </div>
    </form>
  );
}
