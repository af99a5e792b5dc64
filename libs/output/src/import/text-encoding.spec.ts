import { readCsv, UnreadableFileError } from './table-readers';
import { decodeText, TextEncoding } from './text-encoding';

/** 统一社会信用代码,企业名称,年度,税收 CRLF, as Excel's "CSV (逗号分隔)" writes it on a Chinese Windows (GBK). */
const GBK_HEADER = Buffer.from('cdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2cc6f3d2b5c3fbb3c62cc4eab6c82ccbb0cad50d0a', 'hex');
/** 杭州甲服饰有限公司 in GB18030 (the same bytes as GBK). */
const GBK_NAME = Buffer.from('babcd6ddbcd7b7fecaced3d0cfdeb9abcbbe', 'hex');
/** 𠀀 (U+20000): outside GBK, four bytes in GB18030. */
const GB18030_ONLY = Buffer.from('95328236', 'hex');

describe('reading a CSV file’s text', () => {
  it.each([
    ['UTF-8 without a byte-order mark', Buffer.from('年度,税收\n2025,1\n'), TextEncoding.UTF8],
    ['UTF-8 with a byte-order mark', Buffer.from('\ufeff年度,税收\n2025,1\n'), TextEncoding.UTF8_BOM],
    ['plain ASCII (UTF-8 by definition)', Buffer.from('uscc,year\n'), TextEncoding.UTF8],
    ['GBK (Excel’s CSV on a Chinese Windows)', Buffer.concat([GBK_HEADER, GBK_NAME]), TextEncoding.GB18030],
    ['GB18030 beyond GBK', Buffer.concat([GBK_HEADER, GB18030_ONLY]), TextEncoding.GB18030],
  ])('reads %s', (_situation, bytes, encoding) => {
    expect(decodeText(bytes)).toMatchObject({ encoding });
  });

  it('gives the same text for the same table in UTF-8 and in GBK', () => {
    const gbk = decodeText(Buffer.concat([GBK_HEADER, GBK_NAME]));
    expect(gbk).toEqual({
      text: '统一社会信用代码,企业名称,年度,税收\r\n杭州甲服饰有限公司',
      encoding: TextEncoding.GB18030,
    });
  });

  it('drops the byte-order mark from the first header', () => {
    const table = readCsv(Buffer.from('\ufeffuscc,year\n91330100716105852F,2025\n'));
    expect(table).toEqual({
      rows: [
        { line: 1, cells: ['uscc', 'year'] },
        { line: 2, cells: ['91330100716105852F', '2025'] },
      ],
      encoding: TextEncoding.UTF8_BOM,
    });
  });

  it.each([
    ['an XLSX workbook sent as CSV', Buffer.from('504b0304140000000800', 'hex'), /XLSX workbook/],
    ['UTF-16 text', Buffer.from('fffe75007300', 'hex'), /UTF-16/],
    ['a BOM followed by bytes that are not UTF-8', Buffer.from('efbbbfc4eab6c8', 'hex'), /not valid UTF-8/],
    ['binary data', Buffer.from('0001020304', 'hex'), /binary data/],
    ['bytes that are neither UTF-8 nor GB18030', Buffer.from('8130ff30', 'hex'), /neither UTF-8 nor GB18030/],
  ])('refuses %s, saying what it is', (_situation, bytes, message) => {
    expect(() => readCsv(bytes)).toThrow(UnreadableFileError);
    expect(() => readCsv(bytes)).toThrow(message);
  });
});
