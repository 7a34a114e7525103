import { makeStyles, tokens } from '@fluentui/react-components';
import { diffLines, diffSummary } from './diff-lines';

const useStyles = makeStyles({
  table: { width: '100%', borderCollapse: 'collapse', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  number: { width: '3rem', textAlign: 'right', paddingRight: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground2, userSelect: 'none' },
  sign: { width: '1.5rem', textAlign: 'center', fontWeight: tokens.fontWeightBold },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  // Colour is a second cue only: the +/− column and the row's label carry the meaning.
  added: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorNeutralForeground1 },
  removed: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorNeutralForeground1 },
  same: {},
});

const signs = { added: '+', removed: '−', same: ' ' } as const;
const spoken = { added: 'added', removed: 'removed', same: 'unchanged' } as const;

/** The line differences between two prompt versions, as a table a screen reader can walk. */
export function PromptDiff({ before, after, beforeLabel, afterLabel }: { before: string; after: string; beforeLabel: string; afterLabel: string }) {
  const styles = useStyles();
  const lines = diffLines(before, after);
  const { added, removed } = diffSummary(lines);
  if (added === 0 && removed === 0) return <p>{beforeLabel} and {afterLabel} are the same.</p>;
  return (
    <table className={styles.table}>
      <caption style={{ textAlign: 'left', paddingBottom: tokens.spacingVerticalS }}>
        From {beforeLabel} to {afterLabel}: {added} {added === 1 ? 'line' : 'lines'} added, {removed} removed
      </caption>
      <thead>
        <tr>
          <th scope="col" className={styles.number}>
            Old
          </th>
          <th scope="col" className={styles.number}>
            New
          </th>
          <th scope="col" className={styles.sign}>
            <span aria-hidden="true">±</span>
            <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Change</span>
          </th>
          <th scope="col" style={{ textAlign: 'left' }}>
            Text
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, index) => (
          <tr key={index} className={styles[line.kind]} data-kind={line.kind}>
            <td className={styles.number}>{line.oldNumber ?? ''}</td>
            <td className={styles.number}>{line.newNumber ?? ''}</td>
            <td className={styles.sign} aria-label={spoken[line.kind]}>
              {signs[line.kind]}
            </td>
            <td className={styles.text}>{line.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
