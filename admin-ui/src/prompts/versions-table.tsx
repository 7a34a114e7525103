import { Badge, Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { Activation } from '../api/admin-api';
import { versionLabel, type CatalogVersion } from './prompt-catalog';
import { percent, usePanelStyles } from './prompt-styles';
import { splitOf } from './split-test';

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** A prompt's versions, which is in force (and each side's share while a split runs), and a button to put each in force alone. */
export function VersionsTable({ promptId, versions, current, loaded, busy, onActivate }: {
  promptId: string;
  versions: CatalogVersion[];
  /** The latest activation; none means the shipped file is in force. */
  current: Activation | undefined;
  /** Whether the activations have loaded (until then nothing is marked in force). */
  loaded: boolean;
  busy: boolean;
  onActivate: (version: number) => void;
}) {
  const styles = usePanelStyles();
  const inForce = current?.version ?? 0;
  const split = splitOf(current);

  function status(version: number) {
    if (!loaded) return '';
    if (split && version === split.control) return <Badge color="success">In force {percent(1 - split.share)}</Badge>;
    if (split && version === split.variant) return <Badge color="brand">Variant {percent(split.share)}</Badge>;
    return version === inForce ? <Badge color="success">In force</Badge> : '';
  }

  return (
    <div className={styles.scroll}>
      <Table aria-label={`Versions of ${promptId}`} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell>Note</TableHeaderCell>
            <TableHeaderCell>Written by</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {versions.map((version) => (
            <TableRow key={version.version}>
              <TableCell>{version.version}</TableCell>
              <TableCell>{version.note ?? ''}</TableCell>
              <TableCell>
                {version.createdBy}
                {version.createdAt ? `, ${when(version.createdAt)}` : ''}
              </TableCell>
              <TableCell>{status(version.version)}</TableCell>
              <TableCell>
                {/* With a split running, activating either side alone is how the split ends, so both stay enabled. */}
                <Button size="small" className={styles.touch} disabled={busy || !loaded || (version.version === inForce && !split)} onClick={() => onActivate(version.version)}>
                  Activate {versionLabel(version.version)}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
