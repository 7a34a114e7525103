import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge, Button, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, tokens,
} from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap, type TemplateActivation, type TemplateKey, type TemplateVersion } from '../api/admin-api';

const useStyles = makeStyles({
  detail: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  scroll: { overflowX: 'auto' },
  editor: { fontFamily: tokens.fontFamilyMonospace, minHeight: '10rem' },
  preview: {
    whiteSpace: 'pre-wrap', margin: 0, padding: tokens.spacingHorizontalM, backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium, fontFamily: tokens.fontFamilyBase,
  },
  history: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

interface Content {
  subject: string | null;
  text: string;
  html: string | null;
  urgent: boolean;
}

const label = (version: number) => (version === 0 ? 'version 0 (built in)' : `version ${version}`);
const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** One template (event, channel, locale): its versions and which is in force, an editor with a preview, activate and roll back. */
export function TemplateDetail({ templateKey, versions }: { templateKey: TemplateKey; versions: TemplateVersion[] }) {
  const styles = useStyles();
  const { core } = useApi();
  const queryClient = useQueryClient();
  const params = { path: templateKey };
  const { event, channel, locale } = templateKey;
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  const inForce = useQuery({
    queryKey: ['templates', 'in-force', event, channel, locale],
    queryFn: () => unwrap(core.GET('/api/v1/notifications/templates/{event}/{channel}/{locale}', { params })),
  });
  const activations = useQuery({
    queryKey: ['templates', 'activations', event, channel, locale],
    queryFn: () => unwrap(core.GET('/api/v1/notifications/templates/{event}/{channel}/{locale}/activations', { params })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['templates'] });
  const report = { onError: (error: Error) => setNotice({ intent: 'error', text: error.message }), onSettled: refresh };

  const activate = useMutation({
    mutationFn: (version: number) => unwrap(core.POST('/api/v1/notifications/templates/{event}/{channel}/{locale}/activate', { params, body: { version } })),
    onSuccess: (activation) => setNotice({ intent: 'success', text: `${capitalise(label(activation.version))} is in force.` }),
    ...report,
  });
  const rollback = useMutation({
    mutationFn: () => unwrap(core.POST('/api/v1/notifications/templates/{event}/{channel}/{locale}/rollback', { params })),
    onSuccess: (back) => setNotice({ intent: 'success', text: `Rolled back: ${label(back.version)} is in force again.` }),
    ...report,
  });
  const live = inForce.data?.version;
  const liveActivations = (activations.data ?? []).filter((entry) => entry.rolledBackAt === null);
  const latest = versions[versions.length - 1];

  return (
    <section className={styles.detail} aria-labelledby="template-title">
      <h2 id="template-title" style={{ margin: 0 }}>
        {event} <Badge appearance="outline">{channel}</Badge> <Badge appearance="outline">{locale}</Badge>
      </h2>
      <div role="status" aria-live="polite">
        {notice && (
          <MessageBar intent={notice.intent}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {inForce.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the template in force: {inForce.error.message}</MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.scroll}>
        <Table aria-label={`Versions of ${event} ${channel} ${locale}`} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Version</TableHeaderCell>
              <TableHeaderCell>Note</TableHeaderCell>
              <TableHeaderCell>Written by</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[{ version: 0, note: 'The built-in default', createdBy: '', createdAt: '' }, ...versions].map((version) => (
              <TableRow key={version.version}>
                <TableCell>{version.version}</TableCell>
                <TableCell>{version.note ?? ''}</TableCell>
                <TableCell>{version.createdBy ? `${version.createdBy}, ${when(version.createdAt)}` : 'shipped'}</TableCell>
                <TableCell>{version.version === live ? <Badge color="success">In force</Badge> : ''}</TableCell>
                <TableCell>
                  <Button size="small" disabled={activate.isPending || rollback.isPending || live === undefined || version.version === live} onClick={() => activate.mutate(version.version)}>
                    Activate {label(version.version)}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={styles.row}>
        <Button disabled={activate.isPending || rollback.isPending || liveActivations.length === 0} onClick={() => rollback.mutate()}>
          Roll back
        </Button>
        <span>{liveActivations.length ? `${capitalise(label(liveActivations[0]!.version))} is in force; rolling back restores the one before.` : 'The built-in template is in force; nothing to roll back.'}</span>
      </div>
      {activations.data && activations.data.length > 0 && (
        <>
          <h3 style={{ margin: 0 }}>Activations</h3>
          <ul className={styles.history} aria-label="Activations">
            {activations.data.map((entry) => (
              <li key={`${entry.at}-${entry.version}`}>{describe(entry)}</li>
            ))}
          </ul>
        </>
      )}

      {inForce.isPending && <Spinner label="Loading the template…" />}
      {inForce.data && (
        <TemplateEditor
          templateKey={templateKey}
          initial={latest ?? inForce.data.content}
          nextVersion={(latest?.version ?? 0) + 1}
          onSaved={(version) => {
            setNotice({ intent: 'success', text: `Saved ${label(version)}. It is not in force until you activate it.` });
            void refresh();
          }}
        />
      )}
    </section>
  );
}

function describe(entry: TemplateActivation): string {
  const variant = entry.variantVersion !== null ? ` with ${label(entry.variantVersion)} for ${Math.round((entry.variantShare ?? 0) * 100)}%` : '';
  const back = entry.rolledBackAt ? ` (rolled back ${when(entry.rolledBackAt)})` : '';
  return `${capitalise(label(entry.version))}${variant}, activated by ${entry.activatedBy}, ${when(entry.at)}${back}`;
}

/** The draft of a new version: subject, text (and HTML for e-mail), a preview with sample data, save. */
function TemplateEditor({ templateKey, initial, nextVersion, onSaved }: { templateKey: TemplateKey; initial: Content; nextVersion: number; onSaved: (version: number) => void }) {
  const styles = useStyles();
  const { core } = useApi();
  const params = { path: templateKey };
  const [subject, setSubject] = useState(initial.subject ?? '');
  const [text, setText] = useState(initial.text);
  const [html, setHtml] = useState(initial.html ?? '');
  const [urgent, setUrgent] = useState(initial.urgent);
  const [note, setNote] = useState('');
  const draft: Content = { subject: subject.trim() ? subject : null, text, html: html.trim() ? html : null, urgent };

  const preview = useMutation({
    mutationFn: () => unwrap(core.POST('/api/v1/notifications/templates/{event}/{channel}/{locale}/preview', { params, body: { draft } })),
  });
  const save = useMutation({
    mutationFn: () => unwrap(core.POST('/api/v1/notifications/templates/{event}/{channel}/{locale}/versions', { params, body: { ...draft, ...(note.trim() ? { note: note.trim() } : {}) } })),
    onSuccess: (written) => {
      setNote('');
      onSaved(written.version);
    },
  });
  const unchanged = draft.subject === initial.subject && draft.text === initial.text && draft.html === initial.html && draft.urgent === initial.urgent;

  return (
    <>
      <h3 style={{ margin: 0 }}>Write a new version</h3>
      <Field label="Subject" hint="Used by e-mail (and push titles); leave empty for none.">
        <Input value={subject} onChange={(_event, data) => setSubject(data.value)} maxLength={300} />
      </Field>
      <Field label="Text" hint="Liquid, with {{ recipientName }}, {{ professionalName }}, {{ serviceName }}, {{ when }} and the event's other variables." required>
        <Textarea className={styles.editor} value={text} onChange={(_event, data) => setText(data.value)} resize="vertical" maxLength={5_000} />
      </Field>
      {templateKey.channel === 'email' && (
        <Field label="HTML" hint="Leave empty to send the text, escaped, in paragraphs.">
          <Textarea className={styles.editor} value={html} onChange={(_event, data) => setHtml(data.value)} resize="vertical" maxLength={50_000} />
        </Field>
      )}
      <Checkbox label="Urgent (not held back by quiet hours, do-not-disturb or the daily cap)" checked={urgent} onChange={(_event, data) => setUrgent(data.checked === true)} />
      <Field label="Note (what changed and why)">
        <Input value={note} onChange={(_event, data) => setNote(data.value)} maxLength={500} />
      </Field>
      <div className={styles.row}>
        <Button disabled={text.trim() === '' || preview.isPending} onClick={() => preview.mutate()}>
          Preview with sample data
        </Button>
        <Button appearance="primary" disabled={text.trim() === '' || unchanged || save.isPending} onClick={() => save.mutate()}>
          Save as version {nextVersion}
        </Button>
      </div>
      {save.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not save: {save.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {preview.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not preview: {preview.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {preview.data && (
        <section aria-label="Preview">
          <h3 style={{ marginTop: 0 }}>Preview</h3>
          {preview.data.subject !== null && (
            <p>
              <strong>Subject:</strong> {preview.data.subject}
            </p>
          )}
          <pre className={styles.preview} aria-label="Rendered text">{preview.data.text}</pre>
          {preview.data.html !== null && (
            <details>
              <summary>HTML part (source)</summary>
              <pre className={styles.preview}>{preview.data.html}</pre>
            </details>
          )}
        </section>
      )}
    </>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
