import { useId } from 'react';
import { Field, Input, makeStyles, Select, Textarea, tokens } from '@fluentui/react-components';
import { intakeJsonSchema, type IntakeField } from './domain-model';

const useStyles = makeStyles({
  preview: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, minWidth: 0,
    backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium,
  },
  schema: { whiteSpace: 'pre-wrap', overflowX: 'auto', margin: 0, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/**
 * The intake form as a patient would meet it, redrawn on every edit, and the
 * JSON Schema core-api will publish for it. Answers typed here go nowhere.
 */
export function IntakePreview({ fields }: { fields: IntakeField[] }) {
  const styles = useStyles();
  const titleId = useId();
  return (
    <section className={styles.preview} aria-labelledby={titleId}>
      <h3 id={titleId} style={{ margin: 0 }}>
        Preview: what the patient fills in
      </h3>
      {fields.length === 0 && <p style={{ margin: 0 }}>No intake questions: the request is filed without any.</p>}
      {fields.map((field, index) => (
        <Field key={`${index}-${field.key}`} label={field.label || `(field ${index + 1} has no label yet)`} required={field.required}>
          {field.type === 'text' ? (
            <Textarea maxLength={2000} resize="vertical" />
          ) : field.type === 'date' ? (
            <Input type="date" />
          ) : field.type === 'enum' ? (
            <Select defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {(field.options ?? []).map((option) => (
                <option key={option}>{option}</option>
              ))}
            </Select>
          ) : (
            <Input maxLength={200} pattern={field.pattern} />
          )}
        </Field>
      ))}
      <details>
        <summary>JSON Schema the API publishes for this form</summary>
        <pre className={styles.schema} aria-label="Intake JSON Schema">
          {JSON.stringify(intakeJsonSchema(fields), null, 2)}
        </pre>
      </details>
    </section>
  );
}
