import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge, Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, tokens,
} from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap } from '../api/admin-api';
import type { CatalogEntry } from './prompt-catalog';
import { PromptDiff } from './prompt-diff';

const useStyles = makeStyles({
  detail: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  scroll: { overflowX: 'auto' },
  editor: { fontFamily: tokens.fontFamilyMonospace, minHeight: '14rem' },
});

const label = (version: number) => (version === 0 ? 'version 0 (shipped)' : `version ${version}`);

/** One prompt: its versions and which is in force, a diff between two, a new version, activate and roll back. */
export function PromptDetail({ entry }: { entry: CatalogEntry }) {
  const styles = useStyles();
  const { core } = useApi();
  const queryClient = useQueryClient();
  const { promptId, domain, locale, versions } = entry;
  const latest = versions[versions.length - 1]!;
  const [from, setFrom] = useState(versions[Math.max(0, versions.length - 2)]!.version);
  const [to, setTo] = useState(latest.version);
  const [draft, setDraft] = useState(latest.body);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  const activations = useQuery({
    queryKey: ['prompts', 'activations', promptId, domain, locale],
    queryFn: () => unwrap(core.GET('/api/v1/prompts/{promptId}/activations', { params: { path: { promptId }, query: { domain, locale } } })),
  });
  const inForce = activations.data?.[0]?.version ?? 0;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['prompts'] });
  const report = { onError: (error: Error) => setNotice({ intent: 'error', text: error.message }), onSettled: refresh };

  const save = useMutation({
    mutationFn: () =>
      unwrap(core.POST('/api/v1/prompts/{promptId}/versions', { params: { path: { promptId } }, body: { domain, locale, body: draft, ...(note.trim() ? { note: note.trim() } : {}) } })),
    onSuccess: (written) => {
      setNote('');
      setFrom(latest.version);
      setTo(written.version);
      setNotice({ intent: 'success', text: `Saved ${label(written.version)}. It is not in force until you activate it.` });
    },
    ...report,
  });
  const activate = useMutation({
    mutationFn: (version: number) => unwrap(core.POST('/api/v1/prompts/{promptId}/activate', { params: { path: { promptId } }, body: { domain, locale, version } })),
    onSuccess: (activation) => setNotice({ intent: 'success', text: `${capitalise(label(activation.version))} is in force.` }),
    ...report,
  });
  const rollback = useMutation({
    mutationFn: () => unwrap(core.POST('/api/v1/prompts/{promptId}/rollback', { params: { path: { promptId } }, body: { domain, locale } })),
    onSuccess: (activation) => setNotice({ intent: 'success', text: `Rolled back: ${label(activation.version)} is in force again.` }),
    ...report,
  });
  const busy = save.isPending || activate.isPending || rollback.isPending;
  const bodyOf = (version: number) => versions.find((candidate) => candidate.version === version)?.body ?? '';

  return (
    <section className={styles.detail} aria-labelledby="prompt-title">
      <h2 id="prompt-title" style={{ margin: 0 }}>
        {promptId} <Badge appearance="outline">{domain}</Badge> <Badge appearance="outline">{locale}</Badge>
      </h2>
      <div role="status" aria-live="polite">
        {notice && (
          <MessageBar intent={notice.intent}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>

      <div className={styles.scroll}>
        <Table aria-label={`Versions of ${promptId}`} size="small">
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
            {versions.map((version) => (
              <TableRow key={version.version}>
                <TableCell>{version.version}</TableCell>
                <TableCell>{version.note ?? ''}</TableCell>
                <TableCell>
                  {version.createdBy}
                  {version.createdAt ? `, ${new Date(version.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}` : ''}
                </TableCell>
                <TableCell>{version.version === inForce && activations.data ? <Badge color="success">In force</Badge> : ''}</TableCell>
                <TableCell>
                  <Button size="small" disabled={busy || version.version === inForce} onClick={() => activate.mutate(version.version)}>
                    Activate {label(version.version)}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={styles.row}>
        <Button disabled={busy || !activations.data?.length} onClick={() => rollback.mutate()}>
          Roll back
        </Button>
        <span>{activations.data?.length
            ? `${activations.data.length} ${activations.data.length === 1 ? 'activation' : 'activations'} so far.`
            : 'The shipped file is in force; nothing to roll back.'}</span>
      </div>

      <h3 style={{ margin: 0 }}>Compare versions</h3>
      <div className={styles.row}>
        <Field label="From">
          <Select value={String(from)} onChange={(_event, data) => setFrom(Number(data.value))}>
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                {label(version.version)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="To">
          <Select value={String(to)} onChange={(_event, data) => setTo(Number(data.value))}>
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                {label(version.version)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className={styles.scroll}>
        <PromptDiff before={bodyOf(from)} after={bodyOf(to)} beforeLabel={label(from)} afterLabel={label(to)} />
      </div>

      <h3 style={{ margin: 0 }}>Write a new version</h3>
      <Field label="Text of the new version" hint="Placeholders such as {{organizationName}} are filled in when the assistant uses it.">
        <Textarea className={styles.editor} value={draft} onChange={(_event, data) => setDraft(data.value)} resize="vertical" maxLength={20_000} />
      </Field>
      <Field label="Note (what changed and why)">
        <Input value={note} onChange={(_event, data) => setNote(data.value)} maxLength={500} />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy || draft.trim() === '' || draft === latest.body} onClick={() => save.mutate()}>
          Save as version {latest.version + 1}
        </Button>
      </div>
    </section>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
