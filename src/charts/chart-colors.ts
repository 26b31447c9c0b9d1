/** The chart palette: one place, so the drawing and the layout's text agree on what each colour means. */
export const COLORS = {
  background: '#ffffff',
  text: '#212529',
  muted: '#868e96',
  grid: '#e9ecef',
  noData: '#f1f3f5',
  deploy: '#e8590c',
  rollback: '#c2255c',
  band: '#fa5252',
  lines: ['#1c7ed6', '#2f9e44', '#7048e8', '#0c8599', '#5c940d', '#862e9c'],
} as const;
