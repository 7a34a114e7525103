import { useState } from 'react';
import { Button, Field, Input, Select } from '@fluentui/react-components';
import type { Activation } from '../api/admin-api';
import { versionLabel, type CatalogVersion } from './prompt-catalog';
import { percent, usePanelStyles } from './prompt-styles';

export interface Split {
  control: number;
  variant: number;
  /** The variant's share of conversations, in (0, 1). */
  share: number;
}

export interface ActivateInput {
  version: number;
  variantVersion?: number;
  variantShare?: number;
}

/** The split in force, when the latest activation has one (the assistant ignores a variant without a share, so does this). */
export function splitOf(activation: Activation | undefined): Split | null {
  if (!activation || activation.variantVersion === null || activation.variantShare === null) return null;
  return { control: activation.version, variant: activation.variantVersion, share: activation.variantShare };
}

/**
 * Start or stop an A/B split between the version in force and a variant,
 * assigned by conversation. Stopping keeps one of the two alone in force.
 */
export function SplitTest({ versions, current, busy, onActivate }: {
  versions: CatalogVersion[];
  current: Activation | undefined;
  busy: boolean;
  onActivate: (input: ActivateInput) => void;
}) {
  const styles = usePanelStyles();
  const split = splitOf(current);
  const control = current?.version ?? 0;
  const candidates = versions.filter((version) => version.version !== control);
  const [variant, setVariant] = useState<number | null>(null);
  const [share, setShare] = useState('20');
  const chosen = candidates.find((candidate) => candidate.version === variant) ?? candidates[candidates.length - 1];
  const shareNumber = Number(share);
  const shareValid = /^\d{1,2}$/.test(share.trim()) && shareNumber >= 1 && shareNumber <= 99;

  if (split) {
    return (
      <>
        <p style={{ margin: 0 }}>
          Split test running: {versionLabel(split.control)} answers {percent(1 - split.share)} of conversations, {versionLabel(split.variant)} answers{' '}
          {percent(split.share)}. Each conversation keeps the version it drew.
        </p>
        <div className={styles.row}>
          <Button className={styles.touch} disabled={busy} onClick={() => onActivate({ version: split.control })}>
            Stop split test (keep {versionLabel(split.control)})
          </Button>
          <Button className={styles.touch} disabled={busy} onClick={() => onActivate({ version: split.variant })}>
            Keep {versionLabel(split.variant)} alone
          </Button>
        </div>
      </>
    );
  }
  if (!chosen) return <p style={{ margin: 0 }}>Write another version to test it on a share of conversations against {versionLabel(control)}.</p>;
  return (
    <>
      <p style={{ margin: 0 }}>
        Try a version on a share of conversations while {versionLabel(control)} answers the rest. Each conversation keeps the version it drew.
      </p>
      <div className={styles.row}>
        <Field label="Variant version">
          <Select value={String(chosen.version)} onChange={(_event, data) => setVariant(Number(data.value))}>
            {candidates.map((candidate) => (
              <option key={candidate.version} value={candidate.version}>
                {versionLabel(candidate.version)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Variant's share of conversations (%)" validationMessage={shareValid ? undefined : 'A whole number from 1 to 99.'}>
          <Input type="number" min={1} max={99} step={1} value={share} onChange={(_event, data) => setShare(data.value)} />
        </Field>
        <Button
          className={styles.touch}
          disabled={busy || !shareValid}
          onClick={() => onActivate({ version: control, variantVersion: chosen.version, variantShare: shareNumber / 100 })}
        >
          Start split test
        </Button>
      </div>
    </>
  );
}
