import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap } from '../api/admin-api';
import { DeadLetterTable, describeLetter, type DeadLetter } from './dead-letter-table';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
  failures: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export const deadLettersQueryKey = ['notifications', 'dead-letters'] as const;

interface RetryOutcome {
  retried: string[];
  failed: Array<{ id: string; label: string; message: string }>;
}

/** Dead letters (admins): notifications that failed on every try, each sent again on its channel with "Retry". */
export function DeliveriesPage() {
  const styles = useStyles();
  const { core } = useApi();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const letters = useQuery({ queryKey: deadLettersQueryKey, queryFn: () => unwrap(core.GET('/api/v1/notifications/dead-letters')) });
  const listed = letters.data ?? [];
  // A row that left the list (retried elsewhere) must not stay selected unseen.
  const chosen = listed.filter((letter) => selected.has(letter.notification.id)).map((letter) => letter.notification.id);

  const retry = useMutation({
    mutationFn: async (ids: string[]): Promise<RetryOutcome> => {
      // One at a time: each is its own audited retry, and a burst would land on the same failing provider at once.
      const outcome: RetryOutcome = { retried: [], failed: [] };
      for (const id of ids) {
        const letter = listed.find((candidate) => candidate.notification.id === id);
        try {
          await unwrap(core.POST('/api/v1/notifications/{id}/retry', { params: { path: { id } } }));
          outcome.retried.push(id);
        } catch (error) {
          outcome.failed.push({ id, label: letter ? describeLetter(letter) : id, message: (error as Error).message });
        }
      }
      return outcome;
    },
    onSuccess: ({ retried, failed }) => {
      queryClient.setQueryData<DeadLetter[]>(deadLettersQueryKey, (current) => current?.filter((letter) => !retried.includes(letter.notification.id)));
      setSelected((current) => new Set([...current].filter((id) => !retried.includes(id))));
      // A retry refused (sent meanwhile, or gone) means the list is stale: ask again.
      if (failed.length > 0) void queryClient.invalidateQueries({ queryKey: deadLettersQueryKey });
    },
  });
  const outcome = retry.data;

  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  return (
    <div className={styles.page}>
      <h1>Failed notifications</h1>
      <p style={{ margin: 0 }}>Notifications that used up their tries on every channel. Retrying sends one again on its channel.</p>
      <div className={styles.toolbar} role="toolbar" aria-label="Failed notifications">
        <Button className={styles.touch} appearance="primary" disabled={chosen.length === 0 || retry.isPending} onClick={() => retry.mutate(chosen)}>
          Retry selected ({chosen.length})
        </Button>
        <Button className={styles.touch} disabled={letters.isFetching} onClick={() => void letters.refetch()}>
          Refresh
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {outcome && outcome.retried.length > 0 && (
          <MessageBar intent="success">
            <MessageBarBody>
              Retried {outcome.retried.length === 1 ? '1 notification' : `${outcome.retried.length} notifications`}: queued again on their channels.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {outcome && outcome.failed.length > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Could not retry {outcome.failed.length === 1 ? '1 notification' : `${outcome.failed.length} notifications`}:</MessageBarTitle>
            <ul className={styles.failures}>
              {outcome.failed.map((failure) => (
                <li key={failure.id}>
                  {failure.label}: {failure.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {letters.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the failed notifications: {letters.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {letters.isPending && <Spinner label="Loading failed notifications…" />}
      {letters.data && listed.length === 0 && <p>No failed notifications: every delivery went through or is still being tried.</p>}
      {listed.length > 0 && <DeadLetterTable letters={listed} selected={selected} busy={retry.isPending} onSelect={select} onRetry={(id) => retry.mutate([id])} />}
    </div>
  );
}
