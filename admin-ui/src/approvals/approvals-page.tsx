import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap, type Appointment } from '../api/admin-api';
import { DeclineDialog } from './decline-dialog';
import { ProposeDialog } from './propose-dialog';
import { RequestCard } from './request-card';
import { useReferenceData } from './use-reference-data';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  toolbar: {
    display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap', position: 'sticky', top: 0, zIndex: 1,
    padding: `${tokens.spacingVerticalS} 0`, backgroundColor: tokens.colorNeutralBackground2,
  },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, listStyle: 'none', margin: 0, padding: 0 },
});

/** How often the inbox asks again, so a decision made elsewhere (Teams, another admin) shows within seconds. */
export const inboxRefreshMs = 5000;

type Decision = { ids: string[]; decision: 'approve' | 'decline'; reason?: string };

/**
 * The approvals inbox: every pending request the user may decide (their own
 * calendar, or an admin's organisation), decided one at a time or several at once.
 */
export function ApprovalsPage({ role }: { role: 'professional' | 'admin' }) {
  const styles = useStyles();
  const { core } = useApi();
  const queryClient = useQueryClient();
  const reference = useReferenceData();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [declining, setDeclining] = useState<{ ids: string[]; subject: string } | null>(null);
  const [proposing, setProposing] = useState<{ appointment: Appointment; patient: string } | null>(null);
  const [notice, setNotice] = useState<{ intent: 'success' | 'warning' | 'error'; text: string } | null>(null);

  const inbox = useQuery({
    queryKey: ['appointments', 'inbox'],
    queryFn: () => unwrap(core.GET('/api/v1/appointments', { params: { query: { status: 'requested', limit: 200 } } })),
    refetchInterval: inboxRefreshMs,
    refetchOnWindowFocus: true,
  });
  const pending = [...(inbox.data ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  // A request decided elsewhere leaves the list; it must not stay selected unseen.
  const chosen = pending.filter((appointment) => selected.has(appointment.id)).map((appointment) => appointment.id);

  const decide = useMutation({
    mutationFn: async ({ ids, decision, reason }: Decision) => {
      if (ids.length === 1) {
        const id = ids[0]!;
        const call =
          decision === 'approve'
            ? core.POST('/api/v1/appointments/{id}/approve', { params: { path: { id } } })
            : core.POST('/api/v1/appointments/{id}/decline', { params: { path: { id } }, body: { reason: reason ?? '' } });
        await unwrap(call);
        return { done: 1, failed: [] as string[] };
      }
      const { results } = await unwrap(
        core.POST('/api/v1/appointments/decisions', { body: { decisions: ids.map((appointmentId) => ({ appointmentId, decision, ...(reason ? { reason } : {}) })) } }),
      );
      return { done: results.filter((result) => result.ok).length, failed: results.filter((result) => !result.ok).map((result) => result.error?.message ?? result.appointmentId) };
    },
    onSuccess: ({ done, failed }, { decision }) => {
      const verb = decision === 'approve' ? 'Approved' : 'Declined';
      const text = `${verb} ${done} ${done === 1 ? 'request' : 'requests'}.${failed.length ? ` ${failed.length} could not be decided: ${failed.join('; ')}` : ''}`;
      setNotice({ intent: failed.length ? 'warning' : 'success', text });
      setSelected(new Set());
    },
    onError: (error) => setNotice({ intent: 'error', text: error.message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['appointments'] }),
  });

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allChosen = pending.length > 0 && chosen.length === pending.length;

  return (
    <div className={styles.page}>
      <h1>Approvals</h1>
      {/* Announced to screen readers when a decision lands. */}
      <div role="status" aria-live="polite">
        {notice && (
          <MessageBar intent={notice.intent}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {inbox.isPending && <Spinner label="Loading requests…" />}
      {inbox.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the requests: {inbox.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {inbox.data && pending.length === 0 && <p>No requests are waiting for a decision.</p>}
      {pending.length > 0 && (
        <div className={styles.toolbar} role="toolbar" aria-label="Decide the selected requests">
          <Checkbox
            label={`Select all (${pending.length})`}
            checked={allChosen ? true : chosen.length > 0 ? 'mixed' : false}
            onChange={(_event, data) => setSelected(new Set(data.checked === true ? pending.map((appointment) => appointment.id) : []))}
          />
          <Button appearance="primary" disabled={chosen.length === 0 || decide.isPending} onClick={() => decide.mutate({ ids: chosen, decision: 'approve' })}>
            Approve selected ({chosen.length})
          </Button>
          <Button disabled={chosen.length === 0 || decide.isPending} onClick={() => setDeclining({ ids: chosen, subject: `${chosen.length} selected requests` })}>
            Decline selected ({chosen.length})…
          </Button>
        </div>
      )}
      <ul className={styles.list} aria-label="Pending requests">
        {pending.map((appointment) => (
          <li key={appointment.id}>
            <RequestCard
              appointment={appointment}
              reference={reference}
              showProfessional={role === 'admin'}
              selected={selected.has(appointment.id)}
              busy={decide.isPending}
              onSelect={(on) => toggle(appointment.id, on)}
              onApprove={() => decide.mutate({ ids: [appointment.id], decision: 'approve' })}
              onDecline={(patient) => setDeclining({ ids: [appointment.id], subject: `the request from ${patient}` })}
              onPropose={(patient) => setProposing({ appointment, patient })}
            />
          </li>
        ))}
      </ul>
      <DeclineDialog
        open={declining !== null}
        subject={declining?.subject ?? ''}
        busy={decide.isPending}
        onCancel={() => setDeclining(null)}
        onDecline={(reason) => {
          if (declining) decide.mutate({ ids: declining.ids, decision: 'decline', reason });
          setDeclining(null);
        }}
      />
      {proposing && (
        <ProposeDialog
          appointment={proposing.appointment}
          patient={proposing.patient}
          onClose={(sent) => {
            if (sent) setNotice({ intent: 'success', text: `Proposed other times to ${proposing.patient}; the request waits for their answer.` });
            setProposing(null);
          }}
        />
      )}
    </div>
  );
}
