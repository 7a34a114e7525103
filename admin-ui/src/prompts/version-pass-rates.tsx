import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from 'recharts';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { versionLabel } from './prompt-catalog';
import { percent, usePanelStyles } from './prompt-styles';
import type { VersionPassRates } from './eval-comparison';

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The latest pass rates of each version side by side: a table (what a screen reader reads) and the same pass^1 as bars. */
export function VersionPassRatesView({ promptId, rates }: { promptId: string; rates: VersionPassRates[] }) {
  const styles = usePanelStyles();
  if (rates.length === 0) return <p className={styles.heading}>No finished run has used a version of {promptId} yet.</p>;
  const bars = rates.map((rate) => ({ name: `v${rate.version}`, pass1: Math.round(rate.pass1 * 100) }));
  return (
    <>
      <div className={styles.scroll}>
        <Table aria-label={`Pass rates by version of ${promptId}`} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Version</TableHeaderCell>
              <TableHeaderCell>pass^1</TableHeaderCell>
              <TableHeaderCell>pass^k</TableHeaderCell>
              <TableHeaderCell>Latest run</TableHeaderCell>
              <TableHeaderCell>Finished runs</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rates.map((rate) => (
              <TableRow key={rate.version}>
                <TableCell>{versionLabel(rate.version)}</TableCell>
                <TableCell>{percent(rate.pass1)}</TableCell>
                <TableCell>{rate.passK === null ? '—' : `${percent(rate.passK)} (k = ${rate.latest.k})`}</TableCell>
                <TableCell>{when(rate.latest.startedAt)}</TableCell>
                <TableCell>{rate.runs}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <figure style={{ margin: 0 }} aria-hidden="true">
        <div className={styles.scroll}>
          <BarChart width={Math.max(320, rates.length * 90)} height={220} data={bars}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis domain={[0, 100]} unit="%" />
            <Bar dataKey="pass1" name="pass^1" fill="#0f6cbd" isAnimationActive={false}>
              <LabelList dataKey="pass1" position="top" formatter={(value: number) => `${value}%`} />
            </Bar>
          </BarChart>
        </div>
      </figure>
    </>
  );
}
