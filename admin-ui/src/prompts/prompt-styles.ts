import { makeStyles, tokens } from '@fluentui/react-components';

/** Layout shared by the prompt detail's panels. */
export const usePanelStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  scroll: { overflowX: 'auto' },
  heading: { margin: 0 },
  // Fluent's medium buttons are 2rem tall: too small a target for a finger.
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
});

/** A share (0..1) as a whole percentage. */
export const percent = (share: number) => `${Math.round(share * 100)}%`;
