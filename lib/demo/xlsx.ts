/**
 * One-sheet XLSX files shaped like the advertising console's downloads, byte-identical
 * for identical content: exceljs stamps the workbook properties and every zip entry
 * with the current time, so both are set to a fixed instant.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";

export type CellValue = string | number | Date | null;

export interface XlsxColumn {
  header: string;
  /** Excel number format of the column's data cells, e.g. "$ #,##0.00". */
  numFmt?: string;
}

/** Builds the workbook with the streaming writer, which keeps only the current row in memory. */
export async function buildXlsx(sheetName: string, columns: XlsxColumn[], rows: Iterable<CellValue[]>, createdAt: Date): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on("end", resolve);
    output.on("error", reject);
  });

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: true });
  workbook.created = createdAt;
  workbook.modified = createdAt;
  workbook.creator = "Amazon Advertising";
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((column, index) => ({ key: `c${index}`, width: Math.max(10, column.header.length + 2), style: column.numFmt ? { numFmt: column.numFmt } : {} }));
  // The header is an ordinary first row without the column formats, as in Amazon's files.
  const header = sheet.addRow(columns.map((column) => column.header));
  header.eachCell((cell) => {
    cell.style = {};
  });
  header.commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await finished;
  return stampZipEntries(Buffer.concat(chunks), createdAt);
}

/** Returns the MS-DOS time and date fields of a zip entry for an instant, read as UTC. */
function dosTimestamp(instant: Date): { time: number; date: number } {
  return {
    time: (instant.getUTCHours() << 11) | (instant.getUTCMinutes() << 5) | Math.floor(instant.getUTCSeconds() / 2),
    date: ((instant.getUTCFullYear() - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
  };
}

/**
 * Overwrites the modification time of every entry, in the central directory and in each
 * local header, with `instant`. Zip checksums cover only the contents, so the archive stays valid.
 */
export function stampZipEntries(zip: Buffer, instant: Date): Buffer {
  const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
  const CENTRAL_ENTRY = 0x02014b50;
  const LOCAL_HEADER = 0x04034b50;
  const { time, date } = dosTimestamp(instant);

  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error("Not a zip archive: no end-of-central-directory record.");
  const entryCount = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);

  for (let i = 0; i < entryCount; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_ENTRY) throw new Error(`Zip central directory entry ${i} is malformed at byte ${offset}.`);
    zip.writeUInt16LE(time, offset + 12);
    zip.writeUInt16LE(date, offset + 14);
    const localOffset = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`Zip local header of entry ${i} is malformed at byte ${localOffset}.`);
    zip.writeUInt16LE(time, localOffset + 10);
    zip.writeUInt16LE(date, localOffset + 12);
    offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return zip;
}
