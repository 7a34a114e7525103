import { makeStyles, tokens } from '@fluentui/react-components';

/** Layout pieces the calendar's parts share: rows that wrap on a tablet, and finger-sized targets on touch screens. */
export const useSharedStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem', minWidth: '2.75rem' } },
  time: { width: '6rem' },
  problem: { color: tokens.colorPaletteRedForeground1, margin: 0 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});
