import { Field, Input, makeStyles, Radio, RadioGroup, Textarea, tokens } from '@fluentui/react-components';
import { maxExpiryHours, type Approval, type DomainDraft } from './domain-model';

const useStyles = makeStyles({
  settings: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  code: { fontFamily: tokens.fontFamilyMonospace, minHeight: '5rem' },
});

export interface DomainSettingsProps {
  draft: DomainDraft;
  creating: boolean;
  messageFor: (field: string) => string | undefined;
  onChange: (patch: Partial<DomainDraft>) => void;
}

/** The domain's own settings: id (only when adding; core-api never renames), name, workflow, expiry and custom fields. */
export function DomainSettings({ draft, creating, messageFor, onChange }: DomainSettingsProps) {
  const styles = useStyles();
  const state = (field: string) => {
    const message = messageFor(field);
    return message ? { validationState: 'error' as const, validationMessage: message } : {};
  };
  return (
    <div className={styles.settings}>
      {creating && (
        <Field label="Id" hint="Lower-case letters, digits and hyphens, e.g. tax-advice. It cannot change later." required {...state('id')}>
          <Input value={draft.id} onChange={(_event, data) => onChange({ id: data.value })} maxLength={60} spellCheck={false} />
        </Field>
      )}
      <Field label="Name" required {...state('name')}>
        <Input value={draft.name} onChange={(_event, data) => onChange({ name: data.value })} maxLength={100} />
      </Field>
      <Field label="Approval" {...state('approval')}>
        <RadioGroup value={draft.approval} onChange={(_event, data) => onChange({ approval: data.value as Approval })}>
          <Radio value="required" label="Required: each request waits for the professional's decision" />
          <Radio value="automatic" label="Automatic: requests are approved at once" />
        </RadioGroup>
      </Field>
      <Field
        label="Hours a request waits for a decision"
        hint={creating ? `1 to ${maxExpiryHours}; empty for core-api's default of 48.` : `1 to ${maxExpiryHours}.`}
        {...state('requestExpiryHours')}
      >
        <Input type="number" inputMode="numeric" min={1} max={maxExpiryHours} value={draft.requestExpiryHours} onChange={(_event, data) => onChange({ requestExpiryHours: data.value })} />
      </Field>
      <Field label="Custom fields (JSON object)" hint="Extra settings kept with the domain for integrations." {...state('customFields')}>
        <Textarea className={styles.code} value={draft.customFields} onChange={(_event, data) => onChange({ customFields: data.value })} resize="vertical" spellCheck={false} />
      </Field>
    </div>
  );
}
