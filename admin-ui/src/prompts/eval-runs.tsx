import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge, Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
} from '@fluentui/react-components';
import { compareVersions, playedPromptKey, versionUsed } from './eval-comparison';
import { versionLabel, type CatalogEntry } from './prompt-catalog';
import { percent, usePanelStyles } from './prompt-styles';
import { useApi } from '../api/api-context';
import type { EvalRun, EvalRunStatus } from '../api/admin-api';
import { VersionPassRatesView } from './version-pass-rates';

/** How often the list is asked again while a run is going: runs take minutes, so a few seconds is fresh enough. */
export const evalPollMs = 2_000;

const statusBadge: Record<EvalRunStatus, { color: 'informative' | 'success' | 'danger' | 'warning'; text: string }> = {
  running: { color: 'informative', text: 'Running' },
  passed: { color: 'success', text: 'Passed' },
  failed: { color: 'danger', text: 'Failed' },
  error: { color: 'warning', text: 'Error' },
};
const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const rate = (value: number | null) => (value === null ? '—' : percent(value));

/** Start an eval run with a version of this prompt, follow the runs, and compare the versions' latest pass rates. */
export function EvalRuns({ entry }: { entry: CatalogEntry }) {
  const api = useApi();
  const styles = usePanelStyles();
  const queryClient = useQueryClient();
  const { promptId, domain, locale, versions } = entry;
  const [version, setVersion] = useState(versions[versions.length - 1]!.version);
  const [tags, setTags] = useState('');
  const runs = useQuery({
    queryKey: ['evals', 'runs'],
    queryFn: () => api.evalRuns(),
    refetchInterval: (query) => (query.state.data?.runs.some((run) => run.status === 'running') ? evalPollMs : false),
  });
  const start = useMutation({
    mutationFn: () => {
      const wanted = tags.split(',').map((tag) => tag.trim()).filter(Boolean);
      return api.startEvalRun({ ...(wanted.length ? { tags: wanted } : {}), prompt: { promptId, domain, locale, version } });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['evals', 'runs'] }),
  });
  const list = runs.data?.runs ?? [];
  const running = list.some((run) => run.status === 'running');

  return (
    <div className={styles.panel}>
      <p className={styles.heading}>
        Runs the eval scenarios with one version of {promptId} ({domain}, {locale}) in place of the one in force, for the evals only.
      </p>
      <form
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate();
        }}
      >
        <Field label="Version to evaluate">
          <Select value={String(version)} onChange={(_event, data) => setVersion(Number(data.value))}>
            {versions.map((candidate) => (
              <option key={candidate.version} value={candidate.version}>
                {versionLabel(candidate.version)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Tags" hint="Optional, separated by commas: only the scenarios with these tags run.">
          <Input value={tags} onChange={(_event, data) => setTags(data.value)} maxLength={300} />
        </Field>
        <Button type="submit" appearance="primary" className={styles.touch} disabled={start.isPending || running}>
          Start eval run
        </Button>
      </form>
      <div role="status" aria-live="polite">
        {running && <Spinner size="small" label="A run is in progress; the list refreshes until it finishes." />}
        {start.isSuccess && <MessageBar intent="success"><MessageBarBody>Eval run {start.data.id} started.</MessageBarBody></MessageBar>}
        {start.isError && (
          <MessageBar intent="error">
            <MessageBarBody>Could not start the run: {start.error.message}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {runs.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the eval runs: {runs.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {runs.isPending && <Spinner label="Loading eval runs…" />}

      <h3 className={styles.heading}>Pass rates by version</h3>
      {runs.data && <VersionPassRatesView promptId={promptId} rates={compareVersions(list, playedPromptKey(entry))} />}

      <h3 className={styles.heading}>Runs</h3>
      {runs.data && list.length === 0 && <p className={styles.heading}>No eval runs yet.</p>}
      {list.length > 0 && <RunsTable promptId={promptId} promptKey={playedPromptKey(entry)} runs={list} />}
    </div>
  );
}

function RunsTable({ promptId, promptKey, runs }: { promptId: string; promptKey: string; runs: EvalRun[] }) {
  const styles = usePanelStyles();
  return (
    <div className={styles.scroll}>
      <Table aria-label="Eval runs" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Started</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Version of {promptId}</TableHeaderCell>
            <TableHeaderCell>Tags</TableHeaderCell>
            <TableHeaderCell>Model</TableHeaderCell>
            <TableHeaderCell>Scenarios</TableHeaderCell>
            <TableHeaderCell>pass^1</TableHeaderCell>
            <TableHeaderCell>pass^k</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.map((run) => {
            const used = versionUsed(run, promptKey);
            return (
              <TableRow key={run.id}>
                <TableCell>{when(run.startedAt)}</TableCell>
                <TableCell>
                  <Badge color={statusBadge[run.status].color}>{statusBadge[run.status].text}</Badge>
                  {run.error ? ` ${run.error}` : ''}
                </TableCell>
                <TableCell>{used === null ? 'not used' : versionLabel(used)}</TableCell>
                <TableCell>{run.tags.join(', ') || 'all'}</TableCell>
                <TableCell>{run.model}</TableCell>
                <TableCell>{run.scenarios}</TableCell>
                <TableCell>{rate(run.pass1)}</TableCell>
                <TableCell>{run.passK === null ? '—' : `${percent(run.passK)} (k = ${run.k})`}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
