import { useId, useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Textarea } from '@fluentui/react-components';

export interface DeclineDialogProps {
  open: boolean;
  /** Who is declined, e.g. "the request from Ana García" or "3 requests". */
  subject: string;
  busy?: boolean;
  onDecline: (reason: string) => void;
  onCancel: () => void;
}

/** Declining needs a reason: the patient is told it, and the history keeps it. */
export function DeclineDialog({ open, subject, busy, onDecline, onCancel }: DeclineDialogProps) {
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const formId = useId();
  const missing = reason.trim() === '';
  const close = () => {
    setReason('');
    setTried(false);
    onCancel();
  };
  return (
    <Dialog open={open} onOpenChange={(_event, data) => (data.open ? undefined : close())}>
      <DialogSurface aria-describedby={undefined}>
        <form
          id={formId}
          // Our own message (tied to the field for screen readers) rather than the browser bubble.
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (missing) return;
            onDecline(reason.trim());
            setReason('');
            setTried(false);
          }}
        >
          <DialogBody>
            <DialogTitle>Decline {subject}</DialogTitle>
            <DialogContent>
              <Field
                label="Reason (the patient sees it)"
                required
                validationState={tried && missing ? 'error' : 'none'}
                validationMessage={tried && missing ? 'Give a reason to decline.' : undefined}
              >
                <Textarea value={reason} onChange={(_event, data) => setReason(data.value)} maxLength={1000} resize="vertical" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" type="button" onClick={close}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={busy}>
                Decline
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
