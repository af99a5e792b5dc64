/** Figures a firm reports for the year. Money in 万元; land in m² as certified or in mu as tabled (one of the two). */
export const INPUT_FIGURE_KEYS = [
  'taxPaid',
  'industrialOutput',
  'valueAdded',
  'revenue',
  'rdSpending',
  'avgEmployees',
  'energyTce',
  'electricityWankwh',
  'emissionsT',
  'water',
  'landM2',
  'landMu',
] as const;

export type InputFigureKey = (typeof INPUT_FIGURE_KEYS)[number];

/** Figures an indicator can divide: the inputs, with land in mu (given so, or converted from m² exactly). */
export type FigureKey = Exclude<InputFigureKey, 'landM2'>;

export const FIGURE_KEYS: readonly FigureKey[] = INPUT_FIGURE_KEYS.filter((key): key is FigureKey => key !== 'landM2');

/** Tax (after refunds) and value added (in a loss year) can be negative; every other figure cannot. */
export const SIGNED_FIGURES: ReadonlySet<InputFigureKey> = new Set(['taxPaid', 'valueAdded']);
