import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from '@fluentui/react-components';

export interface EraseDialogProps {
  open: boolean;
  userId: string;
  busy?: boolean;
  onErase: () => void;
  onCancel: () => void;
}

/** Erasure cannot be undone, so the admin types the user's id again before it is sent. */
export function EraseDialog({ open, userId, busy, onErase, onCancel }: EraseDialogProps) {
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState(false);
  const matches = typed.trim() === userId;
  const close = () => {
    setTyped('');
    setTried(false);
    onCancel();
  };
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_event, data) => (data.open ? undefined : close())}>
      <DialogSurface aria-describedby={undefined}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (!matches) return;
            setTyped('');
            setTried(false);
            onErase();
          }}
        >
          <DialogBody>
            <DialogTitle>Erase {userId}?</DialogTitle>
            <DialogContent>
              <p>
                Every module replaces this user's personal data (name, contact details, messages, documents) with placeholders. Ids and the audit log
                stay. This cannot be undone.
              </p>
              <Field
                label={`Type ${userId} to confirm`}
                required
                validationState={tried && !matches ? 'error' : 'none'}
                validationMessage={tried && !matches ? 'The id you typed is not the one to erase.' : undefined}
              >
                <Input value={typed} onChange={(_event, data) => setTyped(data.value)} autoComplete="off" spellCheck={false} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" type="button" onClick={close}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={busy}>
                Erase for good
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
