import { createInflateRaw } from 'node:zlib';

/** What an uploaded archive may unpack to; checked from its central directory before anything is inflated. */
export const ARCHIVE_LIMITS = {
  maxEntries: 500,
  /** Uncompressed bytes of one part (a 12,000-row sheet is about 6 MB). */
  maxEntryBytes: 40 * 1024 * 1024,
  /** Uncompressed bytes of all parts together. */
  maxTotalBytes: 64 * 1024 * 1024,
  /** Largest uncompressed-to-compressed ratio of a part over 1 MB (sheet XML deflates 5–20×; bombs 1,000×). */
  maxRatio: 100,
} as const;

const RATIO_APPLIES_ABOVE_BYTES = 1024 * 1024;

/** The file is within no limit we accept: answered as the caller's mistake (BAD_USER_INPUT), not parsed. */
export class ImportTooLargeError extends Error {}

/** The bytes are not a ZIP archive we can read (reported like any unreadable file). */
export class UnreadableArchiveError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  dataOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Reads the central directory and checks it against `ARCHIVE_LIMITS`: entry count, declared sizes, ratios, and that
 * no two entries share bytes (the overlapping-entry bomb). Inflating later enforces the declared sizes too, so a
 * directory that lies gains nothing.
 */
export function readZipDirectory(bytes: Buffer): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(bytes);
  const totalEntries = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (totalEntries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw new ImportTooLargeError('ZIP64 archives are not accepted');
  }
  if (totalEntries > ARCHIVE_LIMITS.maxEntries) {
    throw new ImportTooLargeError(`The archive holds ${totalEntries} parts; at most ${ARCHIVE_LIMITS.maxEntries}`);
  }
  if (directoryOffset + directorySize > eocd) throw new UnreadableArchiveError('The ZIP directory is damaged');

  const entries = new Map<string, ZipEntry>();
  const spans: [number, number][] = [];
  let totalBytes = 0;
  let at = directoryOffset;
  for (let index = 0; index < totalEntries; index++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new UnreadableArchiveError('The ZIP directory is damaged');
    }
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) throw new UnreadableArchiveError('Encrypted workbooks are not accepted');
    if (method !== STORED && method !== DEFLATED) throw new UnreadableArchiveError('Unsupported ZIP compression');
    if (uncompressedSize > ARCHIVE_LIMITS.maxEntryBytes) {
      throw new ImportTooLargeError(
        `${name} unpacks to ${megabytes(uncompressedSize)}; at most ${megabytes(ARCHIVE_LIMITS.maxEntryBytes)} per part`,
      );
    }
    totalBytes += uncompressedSize;
    if (totalBytes > ARCHIVE_LIMITS.maxTotalBytes) {
      throw new ImportTooLargeError(`The workbook unpacks to more than ${megabytes(ARCHIVE_LIMITS.maxTotalBytes)}`);
    }
    if (
      uncompressedSize > RATIO_APPLIES_ABOVE_BYTES &&
      uncompressedSize > ARCHIVE_LIMITS.maxRatio * Math.max(compressedSize, 1)
    ) {
      throw new ImportTooLargeError(
        `${name} is compressed ${Math.round(uncompressedSize / Math.max(compressedSize, 1))}:1; at most ${ARCHIVE_LIMITS.maxRatio}:1`,
      );
    }
    if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
      throw new UnreadableArchiveError('The ZIP archive is damaged');
    }
    const dataOffset = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > directoryOffset) throw new UnreadableArchiveError('The ZIP archive is damaged');
    if (method === STORED && compressedSize !== uncompressedSize) {
      throw new UnreadableArchiveError('The ZIP archive is damaged');
    }
    spans.push([localOffset, dataOffset + compressedSize]);
    entries.set(name, { name, method, compressedSize, uncompressedSize, dataOffset });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let index = 1; index < spans.length; index++) {
    if (spans[index][0] < spans[index - 1][1]) throw new ImportTooLargeError('The archive reuses its own bytes');
  }
  return entries;
}

/**
 * One part's text, inflated as it is read (16 KB at a time), never more than the size its directory entry
 * declared: a part that inflates further is refused the moment it passes that size.
 */
export async function* entryText(bytes: Buffer, entry: ZipEntry): AsyncGenerator<string> {
  const compressed = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const decoder = new TextDecoder('utf-8');
  if (entry.method === STORED) {
    for (let start = 0; start < compressed.length; start += 65_536) {
      yield decoder.decode(compressed.subarray(start, start + 65_536), { stream: true });
    }
    yield decoder.decode();
    return;
  }
  const inflate = createInflateRaw();
  inflate.end(compressed);
  let produced = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw new ImportTooLargeError(`${entry.name} unpacks to more than its archive says`);
      }
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (error) {
    if (error instanceof ImportTooLargeError) throw error;
    throw new UnreadableArchiveError(`${entry.name} cannot be unpacked`);
  } finally {
    inflate.destroy();
  }
  yield decoder.decode();
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  if (bytes.length < 22) throw new UnreadableArchiveError('The file is not a ZIP archive');
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (bytes.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw new UnreadableArchiveError('The file is not a ZIP archive');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
