/** The three registry files a park receives, each from its own bureau. */
export enum RegistryKind {
  /** 市场监管局: firms by USCC. */
  FIRMS = 'FIRMS',
  /** 自然资源局: land plots by certificate number, each for the firm whose land it counts as. */
  LAND = 'LAND',
  /** 统计局: the 规上 firms of a year (or each firm's scale). */
  SCALE = 'SCALE',
}

/** A column of a registry file and the header names it goes by (matched trimmed and case-blind). */
export interface RegistryColumn {
  key: string;
  headers: string[];
  required: boolean;
  description: string;
}

export interface RegistryLayout {
  kind: RegistryKind;
  description: string;
  columns: RegistryColumn[];
}

const column = (key: string, headers: string[], description: string, required = false): RegistryColumn => ({
  key,
  headers: [key, ...headers],
  required,
  description,
});

const USCC = column('uscc', ['统一社会信用代码', '社会信用代码', '信用代码'], 'Unified social credit code', true);

/**
 * The declared column mappings, with the headers the bureaus' own exports use: data, so a county's variant is a
 * change here. Any other column (remarks, a serial number) is ignored; a blank cell is "not given".
 */
export const REGISTRY_LAYOUTS: Record<RegistryKind, RegistryLayout> = {
  FIRMS: {
    kind: RegistryKind.FIRMS,
    description:
      '市场监管局 企业登记信息: one row per firm. A registered firm is updated (blank cells keep what is recorded), a ' +
      'new one is added; a firm with an email or a mobile number and no owner yet gets one owner invitation.',
    columns: [
      USCC,
      column('name', ['企业名称', '名称', '单位名称', '市场主体名称'], 'Registered name', true),
      column(
        'industryCode',
        ['行业代码', '国民经济行业代码', '国标行业代码', '行业门类代码'],
        'GB/T 4754 code: C1810, 1810, 181 or 18 all give division 18',
        true,
      ),
      column(
        'industryGroup',
        ['行业分组', '评价行业', '所属行业'],
        'The group the firm is ranked within; default: the GB/T 4754 division’s name',
      ),
      column('address', ['住所', '地址', '注册地址', '经营场所', '生产经营地址'], 'Address'),
      column('legalRepresentative', ['法定代表人', '法人代表', '负责人'], '法定代表人'),
      column(
        'registeredOn',
        ['成立日期', '注册日期', '登记日期'],
        'A date: 2019-03-08, 2019/3/8, 20190308, 2019年3月8日',
      ),
      column(
        'latitude',
        ['纬度', '生产经营地纬度'],
        'Production site latitude, WGS-84 degrees (rounded to 6 decimals)',
      ),
      column(
        'longitude',
        ['经度', '生产经营地经度'],
        'Production site longitude, WGS-84 degrees (rounded to 6 decimals)',
      ),
      column('employees', ['从业人数', '从业人员', '员工人数', '职工人数'], 'Whole number of employees'),
      column('ownerEmail', ['联系邮箱', '电子邮箱', '邮箱', 'email'], 'Where the owner’s invitation goes'),
      column('ownerPhone', ['联系电话', '手机', '手机号码', '联络员手机', '联系人手机'], 'Or a mobile number for it'),
    ],
  },
  LAND: {
    kind: RegistryKind.LAND,
    description:
      '自然资源局 土地/不动产权: one row per certificate and firm. The area as tabled, in mu or in m² (stored exactly ' +
      'in that unit); a recorded plot of the same certificate and firm is updated. Tenure: the tenure column if ' +
      'given (自有/出让/划拨 → OWNED, 租赁/承租 → LEASED), else LEASED from the holder when a holder other than the ' +
      'firm is named, else OWNED.',
    columns: [
      column(
        'certificateNo',
        ['不动产权证号', '不动产权证书号', '土地证号', '权证号', '证书编号'],
        'Certificate number',
        true,
      ),
      column(
        'uscc',
        ['统一社会信用代码', '使用企业统一社会信用代码', '社会信用代码'],
        'The firm the land counts for',
        true,
      ),
      column(
        'areaMu',
        ['面积(亩)', '面积（亩）', '用地面积(亩)', '用地面积（亩）', '亩数', '占地面积(亩)'],
        'Area in mu, at most 4 decimals',
      ),
      column(
        'areaM2',
        [
          '面积(平方米)',
          '面积（平方米）',
          '面积(㎡)',
          '面积（㎡）',
          '用地面积(平方米)',
          '用地面积（平方米）',
          '宗地面积',
        ],
        'Area in m², at most 2 decimals',
      ),
      column('area', ['面积', '用地面积'], 'Area in the unit of the unit column'),
      column('unit', ['单位', '面积单位'], '亩/mu or 平方米/㎡/m2, for the area column'),
      column('tenure', ['权属', '使用方式', '土地来源', '取得方式'], '自有/出让/划拨 or 租赁/承租'),
      column('holder', ['权利人', '土地使用权人', '出租方'], 'The holder (the lessor when leased)'),
      column('landUse', ['用途', '土地用途', '规划用途'], 'e.g. 工业用地'),
      column('tenants', ['承租企业', '承租方', '租户'], 'Tenants, separated by 、 , ; or /'),
    ],
  },
  SCALE: {
    kind: RegistryKind.SCALE,
    description:
      '统计局 规上企业名录: one row per firm and year. Without a scale column the file is the list of 规上 firms: ' +
      'each listed firm is ABOVE for its year and every other firm of the park BELOW for that year. With a scale ' +
      'column (规上/规下) each row says its firm’s scale and nothing else changes.',
    columns: [
      USCC,
      column('year', ['年度', '年份'], 'The year, 2000–2100', true),
      column('scale', ['规模', '企业规模', '是否规上', '规上/规下'], '规上/规模以上/是 or 规下/规模以下/否'),
    ],
  },
};
