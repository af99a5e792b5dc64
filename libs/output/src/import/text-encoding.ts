/** How a CSV file's bytes were read: what the import job reports. */
export enum TextEncoding {
  UTF8 = 'UTF-8',
  UTF8_BOM = 'UTF-8 (BOM)',
  /** Also GBK and GB2312 files: GB18030 is their superset, byte for byte. */
  GB18030 = 'GB18030',
}

export type DecodedText = { text: string; encoding: TextEncoding } | { problem: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Control characters no text table holds (tab, line feed and carriage return excepted). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

const startsWith = (bytes: Buffer, prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);

function strictly(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Reads a text file the way a park's files come: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"),
 * or GB18030/GBK (Excel's "CSV (逗号分隔)" on a Chinese Windows). Valid UTF-8 wins: a GBK file of Chinese text is
 * practically never valid UTF-8, while plain ASCII reads the same either way. Anything else is a problem named in
 * words, never a guess.
 */
export function decodeText(bytes: Buffer): DecodedText {
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    return { problem: 'The file is an XLSX workbook (a ZIP archive), not CSV: import it as XLSX' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: 'The file is UTF-16 text: save it as "CSV UTF-8" or "CSV (逗号分隔)"' };
  }
  const bom = startsWith(bytes, UTF8_BOM);
  const utf8 = strictly('utf-8', bom ? bytes.subarray(UTF8_BOM.length) : bytes);
  let decoded: DecodedText;
  if (utf8 !== null) {
    decoded = { text: utf8, encoding: bom ? TextEncoding.UTF8_BOM : TextEncoding.UTF8 };
  } else if (bom) {
    return { problem: 'The file starts as UTF-8 but is not valid UTF-8 text' };
  } else {
    const gb18030 = strictly('gb18030', bytes);
    if (gb18030 === null) return { problem: 'The file is neither UTF-8 nor GB18030/GBK text' };
    decoded = { text: gb18030, encoding: TextEncoding.GB18030 };
  }
  if (BINARY.test(decoded.text)) return { problem: 'The file holds binary data, not text' };
  return decoded;
}
