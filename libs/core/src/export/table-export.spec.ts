import { csvField, ExportColumn, ExportFormat, exportTable } from './table-export';

const text: ExportColumn = { header: 'name', kind: 'text' };
const decimal: ExportColumn = { header: 'tax', kind: 'decimal' };

describe('CSV cells never start a formula', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+cmd|calc', "'+1+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', '"\'\r=1"'],
    ['杭州甲服饰有限公司', '杭州甲服饰有限公司'],
    ['a=b', 'a=b'],
  ])('writes the text %j as %j', (value, expected) => {
    expect(csvField(value, text)).toBe(expected);
  });

  it('keeps numbers and plain decimals in numeric columns as numbers, negative ones too', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField('-12.50', decimal)).toBe('-12.50');
    expect(csvField('-12.50', text)).toBe("'-12.50");
    expect(csvField('-1+1', decimal)).toBe("'-1+1");
  });

  it('neutralises a header and every body cell of an exported file', async () => {
    const file = await exportTable(ExportFormat.CSV, 'x', [{ header: '=HEADER' }, decimal], [['@evil', '-3.25']]);
    const csv = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    expect(csv).toBe("\ufeff'=HEADER,tax\r\n'@evil,-3.25\r\n");
  });
});
