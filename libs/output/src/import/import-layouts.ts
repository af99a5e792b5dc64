import { RegistryKind } from '@vg/firms';
import { AnnualFigureKind } from '../annual-figure-kind';
import { ImportFileType } from '../import-job.entity';

/** Registry files, read by the firms lib (its REGISTRY_LAYOUTS); every other type is a file of figures. */
export const REGISTRY_FILE_KINDS = {
  [ImportFileType.FIRM_REGISTRY]: RegistryKind.FIRMS,
  [ImportFileType.LAND_REGISTRY]: RegistryKind.LAND,
  [ImportFileType.SCALE_LIST]: RegistryKind.SCALE,
} as const;

export type RegistryFileType = keyof typeof REGISTRY_FILE_KINDS;
export type FigureFileType = Exclude<ImportFileType, RegistryFileType>;

export function isRegistryFileType(fileType: ImportFileType): fileType is RegistryFileType {
  return fileType in REGISTRY_FILE_KINDS;
}

/** A column of a bureau file: the names its header may carry (matched trimmed and case-blind). */
export interface ImportColumn {
  key: string;
  headers: string[];
}

export interface FigureColumn extends ImportColumn {
  /** The yearly figure it fills; absent for the monthly output value. */
  kind: AnnualFigureKind | null;
  /** Most decimals accepted. */
  scale: number;
  signed: boolean;
  unit: string;
}

/**
 * How one type of file is laid out. Rows are keyed by USCC and a period (a year, or a month as YYYY-MM); any other
 * column (a firm's name, remarks) is ignored. A file needs its key columns and at least one figure column; a
 * blank figure cell means the bureau has no such figure for that firm.
 */
export interface ImportLayout {
  fileType: FigureFileType;
  description: string;
  period: 'YEAR' | 'MONTH';
  keyColumns: ImportColumn[];
  figureColumns: FigureColumn[];
}

const USCC_COLUMN: ImportColumn = { key: 'uscc', headers: ['uscc', '统一社会信用代码', '社会信用代码'] };
const YEAR_COLUMN: ImportColumn = { key: 'year', headers: ['year', '年度', '年份'] };
const MONTH_COLUMN: ImportColumn = { key: 'month', headers: ['month', '月份', '年月'] };

const wanYuan = (key: string, kind: AnnualFigureKind, headers: string[], signed = false): FigureColumn => ({
  key,
  headers: [key, ...headers],
  kind,
  scale: 4,
  signed,
  unit: '万元',
});

/** The declared column mappings: data, so a county's variant is a change here, not in the importer. */
export const IMPORT_LAYOUTS: Record<FigureFileType, ImportLayout> = {
  TAX_BUREAU: {
    fileType: ImportFileType.TAX_BUREAU,
    description: '税务局: tax paid per firm and year',
    period: 'YEAR',
    keyColumns: [USCC_COLUMN, YEAR_COLUMN],
    figureColumns: [wanYuan('taxPaid', AnnualFigureKind.TAX_PAID, ['税收', '实缴税金', '税收实际贡献'], true)],
  },
  STATISTICS: {
    fileType: ImportFileType.STATISTICS,
    description: '统计局: output, value added, revenue, R&D spending and employees per firm and year',
    period: 'YEAR',
    keyColumns: [USCC_COLUMN, YEAR_COLUMN],
    figureColumns: [
      wanYuan('industrialOutput', AnnualFigureKind.INDUSTRIAL_OUTPUT, ['工业总产值']),
      wanYuan('valueAdded', AnnualFigureKind.VALUE_ADDED, ['工业增加值', '增加值'], true),
      wanYuan('revenue', AnnualFigureKind.REVENUE, ['主营业务收入', '营业收入']),
      wanYuan('rdSpending', AnnualFigureKind.RD_SPENDING, ['研发经费支出', '研发费用']),
      {
        key: 'avgEmployees',
        headers: ['avgEmployees', '年平均职工人数', '从业人员'],
        kind: AnnualFigureKind.AVG_EMPLOYEES,
        scale: 2,
        signed: false,
        unit: '人',
      },
    ],
  },
  POWER: {
    fileType: ImportFileType.POWER,
    description: '供电公司: electricity use per firm and year',
    period: 'YEAR',
    keyColumns: [USCC_COLUMN, YEAR_COLUMN],
    figureColumns: [
      {
        key: 'electricity',
        headers: ['electricity', '用电量', '总用电量'],
        kind: AnnualFigureKind.ELECTRICITY,
        scale: 4,
        signed: false,
        unit: '万kWh',
      },
    ],
  },
  ENVIRONMENT: {
    fileType: ImportFileType.ENVIRONMENT,
    description: '生态环境局 / 发改局: main pollutant emissions, energy use and water use per firm and year',
    period: 'YEAR',
    keyColumns: [USCC_COLUMN, YEAR_COLUMN],
    figureColumns: [
      {
        key: 'emissions',
        headers: ['emissions', '主要污染物排放量', '排放量'],
        kind: AnnualFigureKind.EMISSIONS,
        scale: 4,
        signed: false,
        unit: '吨',
      },
      {
        key: 'energy',
        headers: ['energy', 'energyTce', '综合能耗'],
        kind: AnnualFigureKind.ENERGY_TCE,
        scale: 4,
        signed: false,
        unit: '吨标煤',
      },
      {
        key: 'water',
        headers: ['water', '用水量'],
        kind: AnnualFigureKind.WATER,
        scale: 4,
        signed: false,
        unit: '吨',
      },
    ],
  },
  MONTHLY_OUTPUT: {
    fileType: ImportFileType.MONTHLY_OUTPUT,
    description: '月度产值: output value per firm and month',
    period: 'MONTH',
    keyColumns: [USCC_COLUMN, MONTH_COLUMN],
    figureColumns: [
      {
        key: 'outputValue',
        headers: ['outputValue', '产值', '月度产值'],
        kind: null,
        scale: 2,
        signed: false,
        unit: '元',
      },
    ],
  },
};
