import { useId, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import {
  blankField, createBodyOf, describeField, draftOf, draftProblems, intakeFieldsOf, maxFields, updateBodyOf, type Domain, type DomainDraft, type FieldDraft, type Problem,
} from './domain-model';
import { createDomain, saveProblems, updateDomain } from './domain-requests';
import { DomainSettings } from './domain-settings';
import { IntakeFieldEditor } from './intake-field-editor';
import { IntakePreview } from './intake-preview';

const useStyles = makeStyles({
  editor: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  form: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: tokens.spacingHorizontalXL, '@media (max-width: 1000px)': { gridTemplateColumns: 'minmax(0, 1fr)' } },
  builder: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export interface DomainEditorProps {
  /** The stored domain to change, or none to add one. */
  domain?: Domain;
  onSaved: (domain: Domain, created: boolean) => void;
}

/** A domain's settings and its intake form builder, with a live preview; saves with POST (new) or PATCH. */
export function DomainEditor({ domain, onSaved }: DomainEditorProps) {
  const styles = useStyles();
  const { core } = useApi();
  const creating = domain === undefined;
  const [draft, setDraft] = useState<DomainDraft>(() => draftOf(domain));
  const [tried, setTried] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const titleId = useId();
  const builderId = useId();

  const save = useMutation({
    mutationFn: () => (creating ? createDomain(core, createBodyOf(draft)) : updateDomain(core, domain.id, updateBodyOf(draft))),
    onSuccess: (saved) => onSaved(saved, creating),
  });
  const local = draftProblems(draft, creating);
  const server: Problem[] = saveProblems(save.error);
  // Local problems show once a save was tried, then follow every edit; the server's stay until the next save.
  const shown = [...(tried ? local : []), ...server];
  const messageFor = (field: string) => shown.find((problem) => problem.field === field)?.message;

  const change = (patch: Partial<DomainDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const changeField = (uid: string, patch: Partial<FieldDraft>) =>
    setDraft((current) => ({ ...current, fields: current.fields.map((field) => (field.uid === uid ? { ...field, ...patch } : field)) }));
  // The server names fields by position: once rows move, its old messages would point at the wrong ones.
  const restructure = (fields: (current: FieldDraft[]) => FieldDraft[]) => {
    save.reset();
    setDraft((current) => ({ ...current, fields: fields(current.fields) }));
  };
  const move = (index: number, offset: -1 | 1) =>
    restructure((current) => {
      const fields = [...current];
      const [moved] = fields.splice(index, 1);
      fields.splice(index + offset, 0, moved!);
      return fields;
    });
  const addField = () => {
    const field = blankField();
    setAdded(field.uid);
    restructure((current) => [...current, field]);
  };
  const submit = () => {
    setTried(true);
    if (local.length === 0) save.mutate();
  };

  return (
    <section className={styles.editor} aria-labelledby={titleId}>
      <h2 id={titleId} style={{ margin: 0 }}>
        {creating ? 'Add a domain' : `Edit ${domain.name}`}
      </h2>
      <form
        className={styles.editor}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <DomainSettings draft={draft} creating={creating} messageFor={messageFor} onChange={change} />
        <div className={styles.form}>
          <div className={styles.builder} role="group" aria-labelledby={builderId}>
            <h3 id={builderId} style={{ margin: 0 }}>
              Intake form ({draft.fields.length} {draft.fields.length === 1 ? 'field' : 'fields'})
            </h3>
            {messageFor('intakeFields') && <p role="alert">{messageFor('intakeFields')}</p>}
            {draft.fields.map((field, index) => {
              const prefix = `intakeFields[${index}].`;
              const problems = Object.fromEntries(shown.filter((problem) => problem.field.startsWith(prefix)).map((problem) => [problem.field.slice(prefix.length), problem.message]));
              return (
                <IntakeFieldEditor
                  key={field.uid}
                  field={field}
                  index={index}
                  count={draft.fields.length}
                  problems={problems}
                  autoFocus={field.uid === added}
                  onChange={(patch) => changeField(field.uid, patch)}
                  onMove={(offset) => move(index, offset)}
                  onRemove={() => restructure((current) => current.filter((candidate) => candidate.uid !== field.uid))}
                />
              );
            })}
            <div className={styles.row}>
              <Button className={styles.touch} disabled={draft.fields.length >= maxFields} onClick={addField}>
                Add field
              </Button>
            </div>
          </div>
          <IntakePreview fields={intakeFieldsOf(draft.fields)} />
        </div>
        {tried && local.length > 0 && (
          <MessageBar intent="warning">
            <MessageBarBody>
              <MessageBarTitle>Not saved: fix {local.length === 1 ? 'this problem' : `these ${local.length} problems`} first.</MessageBarTitle>
              <ProblemList problems={local} fields={draft.fields} className={styles.problems} />
            </MessageBarBody>
          </MessageBar>
        )}
        {save.isError && (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>Could not save:</MessageBarTitle> {save.error.message}
              {server.length > 0 && <ProblemList problems={server} fields={draft.fields} className={styles.problems} />}
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.row}>
          <Button className={styles.touch} appearance="primary" type="submit" disabled={save.isPending}>
            {creating ? 'Create domain' : 'Save changes'}
          </Button>
        </div>
      </form>
    </section>
  );
}

function ProblemList({ problems, fields, className }: { problems: Problem[]; fields: FieldDraft[]; className: string }) {
  return (
    <ul className={className}>
      {problems.map((problem) => (
        <li key={`${problem.field}: ${problem.message}`}>
          {describeField(problem.field, fields)}: {problem.message}
        </li>
      ))}
    </ul>
  );
}
