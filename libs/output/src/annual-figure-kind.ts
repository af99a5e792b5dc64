/** The yearly figures a firm's sheet (一企一单) holds. */
export enum AnnualFigureKind {
  TAX_PAID = 'TAX_PAID',
  INDUSTRIAL_OUTPUT = 'INDUSTRIAL_OUTPUT',
  VALUE_ADDED = 'VALUE_ADDED',
  REVENUE = 'REVENUE',
  RD_SPENDING = 'RD_SPENDING',
  AVG_EMPLOYEES = 'AVG_EMPLOYEES',
  ENERGY_TCE = 'ENERGY_TCE',
  ELECTRICITY = 'ELECTRICITY',
  EMISSIONS = 'EMISSIONS',
  WATER = 'WATER',
}

export interface AnnualFigureDefinition {
  kind: AnnualFigureKind;
  nameZh: string;
  unit: string;
  /** Most decimals accepted and stored. */
  scale: number;
  /** Tax after refunds and value added in a loss year may be negative. */
  signed: boolean;
}

/** Units as in the official tables: money in 万元 (10,000 yuan) to the yuan, energy in tonnes of coal equivalent. */
export const ANNUAL_FIGURES: Record<AnnualFigureKind, AnnualFigureDefinition> = {
  TAX_PAID: { kind: AnnualFigureKind.TAX_PAID, nameZh: '税收', unit: '万元', scale: 4, signed: true },
  INDUSTRIAL_OUTPUT: {
    kind: AnnualFigureKind.INDUSTRIAL_OUTPUT,
    nameZh: '工业总产值',
    unit: '万元',
    scale: 4,
    signed: false,
  },
  VALUE_ADDED: { kind: AnnualFigureKind.VALUE_ADDED, nameZh: '工业增加值', unit: '万元', scale: 4, signed: true },
  REVENUE: { kind: AnnualFigureKind.REVENUE, nameZh: '主营业务收入', unit: '万元', scale: 4, signed: false },
  RD_SPENDING: { kind: AnnualFigureKind.RD_SPENDING, nameZh: '研发经费支出', unit: '万元', scale: 4, signed: false },
  AVG_EMPLOYEES: {
    kind: AnnualFigureKind.AVG_EMPLOYEES,
    nameZh: '年平均职工人数',
    unit: '人',
    scale: 0,
    signed: false,
  },
  ENERGY_TCE: { kind: AnnualFigureKind.ENERGY_TCE, nameZh: '综合能耗', unit: '吨标煤 (tce)', scale: 4, signed: false },
  ELECTRICITY: { kind: AnnualFigureKind.ELECTRICITY, nameZh: '用电量', unit: '万kWh', scale: 4, signed: false },
  EMISSIONS: { kind: AnnualFigureKind.EMISSIONS, nameZh: '主要污染物排放量', unit: '吨', scale: 4, signed: false },
  WATER: { kind: AnnualFigureKind.WATER, nameZh: '用水量', unit: '吨', scale: 4, signed: false },
};

export const ANNUAL_FIGURE_KINDS = Object.values(AnnualFigureKind);

/** One line for schema descriptions, e.g. "TAX_PAID 万元, …". */
export const ANNUAL_FIGURE_UNITS_TEXT = ANNUAL_FIGURE_KINDS.map((kind) => `${kind} ${ANNUAL_FIGURES[kind].unit}`).join(
  ', ',
);
