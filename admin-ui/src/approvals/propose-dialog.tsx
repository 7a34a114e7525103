import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody, Spinner, Textarea,
} from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap, type Appointment } from '../api/admin-api';
import { addDays, formatLocalTime } from './format-time';

const maxProposals = 5;

/**
 * Offers the patient other times: the professional's free slots for the same
 * service in the week from the requested day, up to five of them.
 */
export function ProposeDialog({ appointment, patient, onClose }: { appointment: Appointment; patient: string; onClose: (sent: boolean) => void }) {
  const { core } = useApi();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const from = appointment.start.slice(0, 10);
  const slots = useQuery({
    queryKey: ['slots', appointment.professionalId, appointment.serviceId, from],
    queryFn: () =>
      unwrap(core.GET('/api/v1/professionals/{id}/slots', {
        params: { path: { id: appointment.professionalId }, query: { service: appointment.serviceId, from, to: addDays(from, 6) } },
      })),
  });
  const propose = useMutation({
    mutationFn: () =>
      unwrap(core.POST('/api/v1/appointments/{id}/proposals', {
        params: { path: { id: appointment.id } },
        body: { starts: chosen, ...(message.trim() ? { message: message.trim() } : {}) },
      })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['appointments'] });
      onClose(true);
    },
  });
  const toggle = (start: string, on: boolean) => setChosen((current) => (on ? [...current, start] : current.filter((value) => value !== start)));
  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose(false))}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Propose other times to {patient}</DialogTitle>
          <DialogContent>
            {slots.isPending && <Spinner size="small" label="Finding free times…" />}
            {slots.isError && (
              <MessageBar intent="error">
                <MessageBarBody>Could not load free times: {slots.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {slots.data && slots.data.slots.length === 0 && <p>No free times in the week from the requested day.</p>}
            {slots.data && slots.data.slots.length > 0 && (
              <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
                <legend>Free times ({appointment.timeZone}), choose up to {maxProposals}</legend>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(15rem, 1fr))', maxHeight: '40vh', overflowY: 'auto' }}>
                  {slots.data.slots.slice(0, 60).map((slot) => {
                    const on = chosen.includes(slot.start);
                    return (
                      <Checkbox
                        key={slot.start}
                        label={formatLocalTime(slot.start, appointment.timeZone)}
                        checked={on}
                        disabled={!on && chosen.length >= maxProposals}
                        onChange={(_event, data) => toggle(slot.start, Boolean(data.checked))}
                      />
                    );
                  })}
                </div>
              </fieldset>
            )}
            <Field label="Message to the patient (optional)">
              <Textarea value={message} onChange={(_event, data) => setMessage(data.value)} maxLength={1000} />
            </Field>
            {propose.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{propose.error.message}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => onClose(false)}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={chosen.length === 0 || propose.isPending} onClick={() => propose.mutate()}>
              Propose {chosen.length || ''} {chosen.length === 1 ? 'time' : 'times'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
