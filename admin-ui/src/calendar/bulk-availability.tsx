import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Text,
} from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import type { Professional } from '../api/admin-api';
import { unwrap } from '../api/admin-api';
import { availabilityKey, errorText } from './calendar-api';
import { useSharedStyles } from './calendar-styles';
import { checkWeekly, newKey, weeklyBody, type DraftRule, type WeeklyRule } from './availability-rules';
import { WeeklyRulesEditor } from './weekly-rules-editor';

// A usual week to start from: Monday to Friday, nine to five.
const startingTemplate = (): DraftRule[] => [1, 2, 3, 4, 5].map((weekday) => ({ key: newKey(), weekday, start: '09:00', end: '17:00' }));

const namesOf = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/**
 * Admins: one weekly template applied to several professionals at once, all or nothing.
 * Only the weekly hours are replaced; each professional keeps their own exceptions (days off,
 * changed hours), read just before the change, because a template knows nothing of anyone's holidays.
 */
export function BulkAvailability({ professionals }: { professionals: readonly Professional[] }) {
  const shared = useSharedStyles();
  const { core } = useApi();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rules, setRules] = useState<DraftRule[]>(startingTemplate);
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const problems = tried ? checkWeekly(rules) : new Map<string, string>();
  const chosen = professionals.filter((professional) => selected.has(professional.id));

  const apply = useMutation({
    mutationFn: async ({ ids, weekly }: { ids: string[]; weekly: WeeklyRule[] }) => {
      const current = await Promise.all(
        ids.map((id) =>
          queryClient.fetchQuery({
            queryKey: availabilityKey(id),
            queryFn: () => unwrap(core.GET('/api/v1/professionals/{id}/availability', { params: { path: { id } } })),
            staleTime: 0,
          }),
        ),
      );
      const items = current.map((availability) => ({ professionalId: availability.professionalId, weekly, exceptions: availability.exceptions }));
      const { updated } = await unwrap(core.PUT('/api/v1/availability', { body: { items } }));
      return { updated, stored: current.map((availability) => ({ ...availability, weekly })) };
    },
    onSuccess: ({ updated, stored }) => {
      // What each now has is known, so the single editor opens on it without asking again.
      for (const availability of stored) queryClient.setQueryData(availabilityKey(availability.professionalId), availability);
      const names = updated.map((id) => professionals.find((professional) => professional.id === id)?.name ?? id);
      setNotice(`Replaced the weekly hours of ${namesOf(names)}; their exceptions were kept.`);
    },
    onSettled: () => setConfirming(false),
  });

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const all = selected.size === professionals.length ? true : selected.size === 0 ? false : 'mixed';
  const ask = () => {
    setTried(true);
    setNotice('');
    apply.reset();
    if (chosen.length > 0 && checkWeekly(rules).size === 0) setConfirming(true);
  };

  return (
    <section className={shared.section} aria-labelledby={headingId}>
      <h2 id={headingId} style={{ margin: 0 }}>
        Set the weekly hours of several professionals
      </h2>
      <Text>
        The template replaces the weekly hours of everyone you pick, read on each professional&apos;s own clocks. Their exceptions (closed days and
        changed hours) are kept as they are.
      </Text>
      <fieldset className={shared.section} style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend>Professionals</legend>
        <Checkbox
          className={shared.touch} label="All professionals" checked={all}
          onChange={(_event, data) => setSelected(data.checked === true ? new Set(professionals.map((professional) => professional.id)) : new Set())}
        />
        <ul className={shared.list}>
          {professionals.map((professional) => (
            <li key={professional.id}>
              <Checkbox
                className={shared.touch} label={`${professional.name} (${professional.timeZone})`} checked={selected.has(professional.id)}
                onChange={(_event, data) => toggle(professional.id, data.checked === true)}
              />
            </li>
          ))}
        </ul>
      </fieldset>
      <h3 style={{ margin: 0 }}>Weekly template</h3>
      <WeeklyRulesEditor rules={rules} onChange={setRules} problems={problems} />
      {tried && chosen.length === 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>Pick at least one professional.</MessageBarBody>
        </MessageBar>
      )}
      {problems.size > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>Fix the marked hours first: nothing was changed.</MessageBarBody>
        </MessageBar>
      )}
      <div className={shared.row}>
        <Button className={shared.touch} appearance="primary" disabled={apply.isPending} onClick={ask}>
          Apply to {chosen.length} {chosen.length === 1 ? 'professional' : 'professionals'}…
        </Button>
      </div>
      {apply.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Nothing was changed: {errorText(apply.error)}</MessageBarBody>
        </MessageBar>
      )}
      <Text role="status">{notice}</Text>
      {/* Mounted per question: a fresh dialog each time keeps Fluent's focus trap from reusing the last one's. */}
      {confirming && (
        <Dialog open onOpenChange={(_event, data) => (data.open || apply.isPending ? undefined : setConfirming(false))}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Replace the weekly hours of {chosen.length === 1 ? chosen[0]!.name : `${chosen.length} professionals`}?</DialogTitle>
              <DialogContent>
                <p>
                  {namesOf(chosen.map((professional) => professional.name))} will have only the template&apos;s weekly hours. Each keeps their own
                  exceptions. All change together, or none does.
                </p>
              </DialogContent>
              <DialogActions>
                <Button className={shared.touch} disabled={apply.isPending} onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
                <Button
                  className={shared.touch} appearance="primary" disabled={apply.isPending}
                  onClick={() => apply.mutate({ ids: chosen.map((professional) => professional.id), weekly: weeklyBody(rules) })}
                >
                  {apply.isPending ? 'Replacing…' : 'Replace weekly hours'}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}
