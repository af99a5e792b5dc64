import { AnnualFigureKind } from '@vg/output';
import type { InputFigureKey } from './engine';

/** The engine's name for each sheet figure; land comes from the certified plots, not from the sheet. */
export const ENGINE_FIGURE_KEY: Record<AnnualFigureKind, Exclude<InputFigureKey, 'landM2'>> = {
  TAX_PAID: 'taxPaid',
  INDUSTRIAL_OUTPUT: 'industrialOutput',
  VALUE_ADDED: 'valueAdded',
  REVENUE: 'revenue',
  RD_SPENDING: 'rdSpending',
  AVG_EMPLOYEES: 'avgEmployees',
  ENERGY_TCE: 'energyTce',
  ELECTRICITY: 'electricityWankwh',
  EMISSIONS: 'emissionsT',
  WATER: 'water',
};
