import { useState, type FormEvent } from 'react';
import { confirmVerification, startVerification } from './page-api';
import type { Words } from './words';

type Step = { kind: 'closed' } | { kind: 'contact' } | { kind: 'code'; verificationId: string; sentTo: string } | { kind: 'done' };

/**
 * "Verify it's me" for a visitor: the e-mail or phone on their patient record,
 * then the six-digit code sent there. Once verified, the assistant books in
 * their name from the next message on.
 */
export function VerifyPanel({ token, text }: { token: string; text: Words }) {
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const run = async (event: FormEvent, work: () => Promise<void>) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
      setValue('');
    } catch (failure) {
      setProblem((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (step.kind === 'closed') {
    return (
      <button type="button" className="verify-open" onClick={() => setStep({ kind: 'contact' })}>
        {text.verify}
      </button>
    );
  }
  if (step.kind === 'done') return <p className="verify-done" role="status">{text.verified}</p>;
  const askingCode = step.kind === 'code';
  return (
    <form
      className="verify"
      onSubmit={(event) =>
        run(event, async () => {
          if (step.kind === 'contact') {
            const started = await startVerification(token, value);
            setStep({ kind: 'code', verificationId: started.verificationId, sentTo: started.sentTo });
          } else {
            await confirmVerification(token, step.verificationId, value);
            setStep({ kind: 'done' });
          }
        })
      }
    >
      <label>
        {askingCode ? text.codeSent(step.sentTo) : text.contact}
        <input
          name={askingCode ? 'code' : 'contact'}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          inputMode={askingCode ? 'numeric' : 'email'}
          autoComplete={askingCode ? 'one-time-code' : 'email'}
          required
        />
      </label>
      <button type="submit" disabled={busy}>
        {askingCode ? text.confirm : text.sendCode}
      </button>
      {problem && <p role="alert" className="error">{problem}</p>}
    </form>
  );
}
