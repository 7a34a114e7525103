import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Select, Tab, TabList, Textarea, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap, type Activation } from '../api/admin-api';
import { EvalRuns } from './eval-runs';
import { versionLabel as label, type CatalogEntry } from './prompt-catalog';
import { PromptDiff } from './prompt-diff';
import { PromptPlayground } from './prompt-playground';
import { usePanelStyles } from './prompt-styles';
import { splitOf, SplitTest, type ActivateInput } from './split-test';
import { VersionsTable } from './versions-table';

const useStyles = makeStyles({
  editor: { fontFamily: tokens.fontFamilyMonospace, minHeight: '14rem' },
});

type View = 'versions' | 'playground' | 'evals';
const views: Array<{ value: View; name: string }> = [
  { value: 'versions', name: 'Versions' },
  { value: 'playground', name: 'Playground' },
  { value: 'evals', name: 'Eval runs' },
];

/**
 * One prompt: its versions and which is in force, a split test, a diff between two, a new version, activate and roll back;
 * a playground to talk to any version; eval runs compared by version.
 */
export function PromptDetail({ entry }: { entry: CatalogEntry }) {
  const styles = usePanelStyles();
  const { promptId, domain, locale } = entry;
  const [view, setView] = useState<View>('versions');
  return (
    <section className={styles.panel} aria-labelledby="prompt-title">
      <h2 id="prompt-title" className={styles.heading}>
        {promptId} <Badge appearance="outline">{domain}</Badge> <Badge appearance="outline">{locale}</Badge>
      </h2>
      <TabList selectedValue={view} onTabSelect={(_event, data) => setView(data.value as View)} aria-label={`What to do with ${promptId}`}>
        {views.map(({ value, name }) => (
          <Tab key={value} value={value} id={`prompt-tab-${value}`} aria-controls={`prompt-panel-${value}`} className={styles.touch}>
            {name}
          </Tab>
        ))}
      </TabList>
      {/* Every panel stays mounted, so a playground conversation survives a look at the versions. */}
      {views.map(({ value }) => (
        <div key={value} role="tabpanel" id={`prompt-panel-${value}`} aria-labelledby={`prompt-tab-${value}`} hidden={view !== value}>
          {value === 'versions' && <PromptVersions entry={entry} />}
          {value === 'playground' && <PromptPlayground entry={entry} />}
          {value === 'evals' && <EvalRuns entry={entry} />}
        </div>
      ))}
    </section>
  );
}

function PromptVersions({ entry }: { entry: CatalogEntry }) {
  const styles = { ...usePanelStyles(), ...useStyles() };
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
  const current = activations.data?.[0];
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
    mutationFn: (input: ActivateInput) => unwrap(core.POST('/api/v1/prompts/{promptId}/activate', { params: { path: { promptId } }, body: { domain, locale, ...input } })),
    onSuccess: (activation) => setNotice({ intent: 'success', text: inForceNow(activation) }),
    ...report,
  });
  const rollback = useMutation({
    mutationFn: () => unwrap(core.POST('/api/v1/prompts/{promptId}/rollback', { params: { path: { promptId } }, body: { domain, locale } })),
    onSuccess: (activation) => setNotice({ intent: 'success', text: `Rolled back. ${inForceNow(activation)}` }),
    ...report,
  });
  const busy = save.isPending || activate.isPending || rollback.isPending;
  const bodyOf = (version: number) => versions.find((candidate) => candidate.version === version)?.body ?? '';
  const versionOptions = versions.map((version) => (
    <option key={version.version} value={version.version}>
      {label(version.version)}
    </option>
  ));

  return (
    <div className={styles.panel}>
      <div role="status" aria-live="polite">
        {notice && (
          <MessageBar intent={notice.intent}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {activations.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load which version is in force: {activations.error.message}</MessageBarBody>
        </MessageBar>
      )}

      <VersionsTable
        promptId={promptId} versions={versions} current={current} loaded={activations.isSuccess} busy={busy}
        onActivate={(version) => activate.mutate({ version })}
      />
      <div className={styles.row}>
        <Button className={styles.touch} disabled={busy || !activations.data?.length} onClick={() => rollback.mutate()}>
          Roll back
        </Button>
        <span>{activations.data?.length
            ? `${activations.data.length} ${activations.data.length === 1 ? 'activation' : 'activations'} so far.`
            : 'The shipped file is in force; nothing to roll back.'}</span>
      </div>

      <h3 className={styles.heading}>Split test</h3>
      {activations.isSuccess && <SplitTest versions={versions} current={current} busy={busy} onActivate={(input) => activate.mutate(input)} />}

      <h3 className={styles.heading}>Compare versions</h3>
      <div className={styles.row}>
        <Field label="From">
          <Select value={String(from)} onChange={(_event, data) => setFrom(Number(data.value))}>
            {versionOptions}
          </Select>
        </Field>
        <Field label="To">
          <Select value={String(to)} onChange={(_event, data) => setTo(Number(data.value))}>
            {versionOptions}
          </Select>
        </Field>
      </div>
      <div className={styles.scroll}>
        <PromptDiff before={bodyOf(from)} after={bodyOf(to)} beforeLabel={label(from)} afterLabel={label(to)} />
      </div>

      <h3 className={styles.heading}>Write a new version</h3>
      <Field label="Text of the new version" hint="Placeholders such as {{organizationName}} are filled in when the assistant uses it.">
        <Textarea className={styles.editor} value={draft} onChange={(_event, data) => setDraft(data.value)} resize="vertical" maxLength={20_000} />
      </Field>
      <Field label="Note (what changed and why)">
        <Input value={note} onChange={(_event, data) => setNote(data.value)} maxLength={500} />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" className={styles.touch} disabled={busy || draft.trim() === '' || draft === latest.body} onClick={() => save.mutate()}>
          Save as version {latest.version + 1}
        </Button>
      </div>
    </div>
  );
}

/** What an activation put in force, in words. */
function inForceNow(activation: Activation): string {
  const split = splitOf(activation);
  if (split) {
    const share = Math.round(split.share * 100);
    return `Split test in force: ${label(split.control)} answers ${100 - share}% of conversations, ${label(split.variant)} ${share}%.`;
  }
  return `${capitalise(label(activation.version))} is in force.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
