import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Field, Input, makeStyles, mergeClasses, MessageBar, MessageBarBody, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { versionLabel, type CatalogEntry } from './prompt-catalog';
import { usePanelStyles } from './prompt-styles';
import { useApi } from '../api/api-context';
import type { PlaygroundChoice } from '../api/admin-api';

const useStyles = makeStyles({
  transcript: {
    listStyle: 'none', margin: 0, padding: tokens.spacingHorizontalM, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium, maxHeight: '28rem', overflowY: 'auto',
  },
  line: { display: 'flex', flexDirection: 'column', maxWidth: '48rem' },
  you: { alignSelf: 'flex-end', textAlign: 'right' },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  message: { flexGrow: 1, minWidth: '14rem' },
});

// A visitor can look but not book: the only choice outside dev mode, where a playground must not act for real patients.
const visitor = { id: 'visitor', name: 'A visitor, not signed in' };
// The seed patients (dev mode only); any other patient id can be typed in.
const seedPatients = [
  { id: 'patient-ana', name: 'Ana García' },
  { id: 'patient-ben', name: 'Ben Carter' },
  { id: 'patient-chloe', name: 'Chloé Dubois' },
];
const otherPatient = 'other';
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Line {
  who: 'you' | 'assistant';
  text: string;
  choices: PlaygroundChoice[];
}

/** Talk to any version of the prompt as a patient would, without putting it in force. */
export function PromptPlayground({ entry }: { entry: CatalogEntry }) {
  const api = useApi();
  const styles = { ...usePanelStyles(), ...useStyles() };
  const { promptId, domain, locale, versions } = entry;
  const [version, setVersion] = useState(versions[versions.length - 1]!.version);
  const [patient, setPatient] = useState(visitor.id);
  const [typedPatient, setTypedPatient] = useState('');
  const [text, setText] = useState('');
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const actAs = patient === otherPatient ? typedPatient.trim() : patient;
  const started = conversationId !== null;

  const turn = useMutation({
    mutationFn: (message: string) =>
      api.playgroundTurn({ promptId, domain, locale, version, actAs, text: message, timeZone: browserZone, ...(conversationId ? { conversationId } : {}) }),
    onSuccess: (answer, message) => {
      setConversationId(answer.conversationId);
      setLines((current) => [
        ...current,
        { who: 'you', text: message, choices: [] },
        ...answer.replies.map((reply): Line => ({ who: 'assistant', text: reply.text, choices: reply.choices })),
      ]);
    },
  });
  const send = (message: string, onSent?: () => void) => {
    if (message.trim() && actAs && !turn.isPending) turn.mutate(message, { onSuccess: onSent });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(text, () => setText(''));
  };
  const restart = () => {
    setConversationId(null);
    setLines([]);
    turn.reset();
  };
  // Only the latest answer's choices: older ones belong to questions the conversation has moved past.
  const lastYou = lines.map((line) => line.who).lastIndexOf('you');
  const choices = turn.isPending ? [] : lines.slice(lastYou + 1).flatMap((line) => line.choices);

  return (
    <div className={styles.panel}>
      <p className={styles.heading}>A conversation with the version you pick, as the patient you pick. What is in force does not change.</p>
      <div className={styles.row}>
        <Field label="Version">
          <Select value={String(version)} disabled={started} onChange={(_event, data) => setVersion(Number(data.value))}>
            {versions.map((candidate) => (
              <option key={candidate.version} value={candidate.version}>
                {versionLabel(candidate.version)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Act as">
          <Select value={patient} disabled={started} onChange={(_event, data) => setPatient(data.value)}>
            <option value={visitor.id}>{visitor.name}</option>
            {seedPatients.map((seed) => (
              <option key={seed.id} value={seed.id}>
                {seed.name} ({seed.id}, dev mode)
              </option>
            ))}
            <option value={otherPatient}>Another patient…</option>
          </Select>
        </Field>
        {patient === otherPatient && (
          <Field label="Patient id" required>
            <Input value={typedPatient} disabled={started} onChange={(_event, data) => setTypedPatient(data.value)} maxLength={100} />
          </Field>
        )}
        <Button className={styles.touch} disabled={turn.isPending || (!started && !turn.isError)} onClick={restart}>
          New conversation
        </Button>
      </div>
      {started && <Text size={200}>Start a new conversation to change the version or the patient.</Text>}

      <ol className={styles.transcript} aria-label="Transcript">
        {lines.length === 0 && !turn.isPending && <li>No messages yet: write the first one below.</li>}
        {lines.map((line, index) => (
          <Message key={index} who={line.who} text={line.text} />
        ))}
        {turn.isPending && <Message who="you" text={turn.variables} />}
      </ol>
      {choices.length > 0 && (
        <div className={styles.row} role="group" aria-label="Choices the assistant offers">
          {choices.map((choice) => (
            <Button key={choice.id} className={styles.touch} onClick={() => send(choice.label)}>
              {choice.label}
            </Button>
          ))}
        </div>
      )}
      <div role="status" aria-live="polite">
        {turn.isPending && <Spinner size="small" label="The assistant is answering…" />}
        {turn.isError && (
          <MessageBar intent="error">
            <MessageBarBody>Could not send: {turn.error.message}</MessageBarBody>
          </MessageBar>
        )}
        {/* The replies, read out: the transcript itself is a list, not a live region, so nothing is read twice. */}
        {turn.isSuccess && <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{`The assistant answered: ${turn.data.replies.map((reply) => reply.text).join(' ')}`}</span>}
      </div>

      <form className={styles.row} onSubmit={submit}>
        <Field label="Message" className={styles.message}>
          <Input value={text} onChange={(_event, data) => setText(data.value)} maxLength={2_000} />
        </Field>
        <Button type="submit" appearance="primary" className={styles.touch} disabled={turn.isPending || !text.trim() || !actAs}>
          Send
        </Button>
      </form>
    </div>
  );
}

function Message({ who, text }: { who: Line['who']; text: string }) {
  const styles = useStyles();
  return (
    <li className={mergeClasses(styles.line, who === 'you' && styles.you)}>
      <Text weight="semibold">{who === 'you' ? 'You' : 'Assistant'}</Text>
      <span className={styles.text}>{text}</span>
    </li>
  );
}
