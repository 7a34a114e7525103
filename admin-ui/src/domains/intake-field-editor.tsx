import { Button, Checkbox, Field, Input, makeStyles, Select, Textarea, tokens } from '@fluentui/react-components';
import { fieldTypes, maxOptions, type FieldDraft, type FieldType } from './domain-model';

const useStyles = makeStyles({
  row: {
    border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, margin: 0,
    padding: tokens.spacingHorizontalM, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  inputs: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
});

export interface IntakeFieldEditorProps {
  field: FieldDraft;
  index: number;
  count: number;
  /** Messages by part (`key`, `label`, `options`, `pattern`), from the local check or the server. */
  problems: Partial<Record<string, string>>;
  /** Just added: its key takes the focus, so typing goes on from the keyboard. */
  autoFocus?: boolean;
  onChange: (patch: Partial<FieldDraft>) => void;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
}

/** One intake field of the builder: key, label, type, required, and the options or pattern its type takes. */
export function IntakeFieldEditor({ field, index, count, problems, autoFocus, onChange, onMove, onRemove }: IntakeFieldEditorProps) {
  const styles = useStyles();
  const state = (part: string) => (problems[part] ? { validationState: 'error' as const, validationMessage: problems[part] } : {});
  return (
    <fieldset className={styles.row}>
      <legend className={styles.legend}>Field {index + 1}</legend>
      <div className={styles.inputs}>
        <Field label="Key" hint="What the answer is stored as, e.g. date_of_birth." required {...state('key')}>
          <Input autoFocus={autoFocus} value={field.key} onChange={(_event, data) => onChange({ key: data.value })} maxLength={60} spellCheck={false} />
        </Field>
        <Field label="Label" hint="The question the patient sees." required {...state('label')}>
          <Input value={field.label} onChange={(_event, data) => onChange({ label: data.value })} maxLength={200} />
        </Field>
        <Field label="Type">
          <Select value={field.type} onChange={(_event, data) => onChange({ type: data.value as FieldType })}>
            {fieldTypes.map((option) => (
              <option key={option.type} value={option.type}>
                {option.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {field.type === 'enum' && (
        <Field label="Options (one per line)" hint={`Up to ${maxOptions}; the patient picks one.`} required {...state('options')}>
          <Textarea value={field.options} onChange={(_event, data) => onChange({ options: data.value })} resize="vertical" />
        </Field>
      )}
      {field.type === 'string' && (
        <Field label="Pattern (optional regular expression)" hint="The answer must match it, e.g. ^[A-Z0-9-]{6,20}$." {...state('pattern')}>
          <Input value={field.pattern} onChange={(_event, data) => onChange({ pattern: data.value })} maxLength={200} spellCheck={false} />
        </Field>
      )}
      {/* disabledFocusable: the button just pressed stays focused when its row reaches the end. */}
      <div className={styles.actions}>
        <Checkbox label="Required (the patient must answer)" checked={field.required} onChange={(_event, data) => onChange({ required: data.checked === true })} />
        <Button className={styles.touch} disabledFocusable={index === 0} onClick={() => onMove(-1)}>
          Move up
        </Button>
        <Button className={styles.touch} disabledFocusable={index === count - 1} onClick={() => onMove(1)}>
          Move down
        </Button>
        <Button className={styles.touch} onClick={onRemove}>
          Remove field
        </Button>
      </div>
    </fieldset>
  );
}
