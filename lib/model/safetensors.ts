import fs from "node:fs/promises";
import { z } from "zod";
import { formatZodIssues } from "./config";
import { ModelFormatError } from "./errors";
import { assertLittleEndianHost, fileSizeOrThrow, readExactly, writeAll, writeFileAtomically } from "./files";
import { bfloat16ToFloat32, float16ToFloat32 } from "./half-precision";
import { elementCount, type WeightTensor } from "./weights";

/**
 * Reader and writer of the safetensors format (https://github.com/huggingface/safetensors):
 * an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON mapping each
 * tensor name to {dtype, shape, data_offsets: [begin, end)} plus an optional
 * "__metadata__" map of strings, then the data section, where the offsets count from the
 * end of the header and must tile it with no gap and no overlap. Values are little-endian.
 */

export const SUPPORTED_DTYPES = ["F32", "F16", "BF16"] as const;
export type SafetensorsDtype = (typeof SUPPORTED_DTYPES)[number];
const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** Largest header accepted, the same limit as the reference Rust implementation (100 MB). */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = "__metadata__";

/** One tensor as the header describes it; offsets count from the start of the data section. */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number; // first byte
  end: number; // one past the last byte
}

export interface SafetensorsHeader {
  entries: SafetensorsEntry[]; // in header order
  metadata: Record<string, string>;
  dataStart: number; // file offset of the data section: 8 + header length
}

export interface SafetensorsContents {
  tensors: Map<string, WeightTensor>; // values converted to float32, in header order
  dtypes: Map<string, SafetensorsDtype>; // dtype each tensor was stored in
  metadata: Record<string, string>;
}

const entrySchema = z.object({
  dtype: z.string(),
  shape: z.array(z.int().nonnegative()),
  data_offsets: z.tuple([z.int().nonnegative(), z.int().nonnegative()]),
});
const metadataSchema = z.record(z.string(), z.string());

/**
 * Validates a safetensors header and returns its entries. `headerBytes` is the JSON after
 * the 8-byte length and `dataLength` the number of bytes after the header. Throws a
 * ModelFormatError naming `file` and, where one is at fault, the tensor.
 */
export function parseSafetensorsHeader(headerBytes: Uint8Array, dataLength: number, file: string): Omit<SafetensorsHeader, "dataStart"> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new ModelFormatError(`Corrupt safetensors file ${file}: its header is not valid UTF-8 JSON (${(error as Error).message}).`, { file, cause: error });
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ModelFormatError(`Corrupt safetensors file ${file}: its header is not a JSON object.`, { file });
  }

  let metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) {
      const parsed = metadataSchema.safeParse(value);
      if (!parsed.success) throw new ModelFormatError(`Corrupt safetensors file ${file}: ${METADATA_KEY} must map strings to strings (${formatZodIssues(parsed.error)}).`, { file });
      metadata = parsed.data;
      continue;
    }
    entries.push(parseEntry(name, value, dataLength, file));
  }

  checkEntriesTileData(entries, dataLength, file);
  return { entries, metadata };
}

function parseEntry(name: string, value: unknown, dataLength: number, file: string): SafetensorsEntry {
  const parsed = entrySchema.safeParse(value);
  if (!parsed.success) {
    throw new ModelFormatError(`Corrupt safetensors file ${file}: the header entry of tensor ${name} is invalid (${formatZodIssues(parsed.error)}).`, { file });
  }
  const { dtype, shape, data_offsets: [begin, end] } = parsed.data;

  const supported = SUPPORTED_DTYPES.find((candidate) => candidate === dtype);
  if (supported === undefined) {
    throw new ModelFormatError(`Tensor ${name} in ${file} has dtype ${dtype}, which is not supported; accepted: ${SUPPORTED_DTYPES.join(", ")}.`, { file });
  }
  if (end < begin) {
    throw new ModelFormatError(`Corrupt safetensors file ${file}: tensor ${name} has data_offsets [${begin}, ${end}], which end before they begin.`, { file });
  }
  const expectedBytes = elementCount(shape) * BYTES_PER_ELEMENT[supported];
  if (end - begin !== expectedBytes) {
    throw new ModelFormatError(
      `Corrupt safetensors file ${file}: tensor ${name} of shape [${shape.join(", ")}] and dtype ${dtype} needs ${expectedBytes} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin}.`,
      { file },
    );
  }
  if (end > dataLength) {
    throw new ModelFormatError(
      `Truncated safetensors file ${file}: tensor ${name} needs data bytes [${begin}, ${end}), but the data section has only ${dataLength} bytes.`,
      { file },
    );
  }
  return { name, dtype: supported, shape, begin, end };
}

/** Throws unless the entries cover the data section exactly once, as the format requires. */
function checkEntriesTileData(entries: SafetensorsEntry[], dataLength: number, file: string): void {
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: SafetensorsEntry | null = null;
  for (const entry of byOffset) {
    if (entry.begin < covered) {
      throw new ModelFormatError(`Corrupt safetensors file ${file}: tensors ${previous?.name} and ${entry.name} overlap at data byte ${entry.begin}.`, { file });
    }
    if (entry.begin > covered) {
      throw new ModelFormatError(`Corrupt safetensors file ${file}: data bytes [${covered}, ${entry.begin}) before tensor ${entry.name} belong to no tensor.`, { file });
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered !== dataLength) {
    throw new ModelFormatError(`Corrupt safetensors file ${file}: the data section has ${dataLength - covered} bytes after the last tensor ends at byte ${covered}.`, { file });
  }
}

/** Reads and validates the header of the safetensors file `file` without reading the tensors. */
export async function readSafetensorsHeader(file: string): Promise<SafetensorsHeader> {
  const fileSize = await fileSizeOrThrow(file, "safetensors file");
  const handle = await fs.open(file, "r");
  try {
    return await readHeaderFrom(handle, fileSize, file);
  } finally {
    await handle.close();
  }
}

async function readHeaderFrom(handle: fs.FileHandle, fileSize: number, file: string): Promise<SafetensorsHeader> {
  if (fileSize < 8) {
    throw new ModelFormatError(`Truncated safetensors file ${file}: it has ${fileSize} bytes, fewer than the 8-byte header length that starts the format.`, { file });
  }
  const lengthBytes = new Uint8Array(8);
  await readExactly(handle, lengthBytes, 0, file);
  const headerLength = new DataView(lengthBytes.buffer).getBigUint64(0, true);
  if (headerLength === 0n || headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new ModelFormatError(`Corrupt safetensors file ${file}: the header length field is ${headerLength} bytes; accepted: 1 to ${MAX_HEADER_BYTES}.`, { file });
  }
  if (headerLength > BigInt(fileSize - 8)) {
    throw new ModelFormatError(`Truncated safetensors file ${file}: the header length field is ${headerLength} bytes, but only ${fileSize - 8} bytes follow it.`, { file });
  }

  const headerBytes = new Uint8Array(Number(headerLength));
  await readExactly(handle, headerBytes, 8, file);
  const dataStart = 8 + headerBytes.byteLength;
  return { ...parseSafetensorsHeader(headerBytes, fileSize - dataStart, file), dataStart };
}

/**
 * Reads a safetensors file and converts every tensor to float32. Throws a
 * ModelFormatError when the file is missing, truncated, corrupt or has a tensor of
 * another dtype than F32, F16 and BF16, naming the tensor at fault.
 */
export async function readSafetensors(file: string): Promise<SafetensorsContents> {
  assertLittleEndianHost();
  const fileSize = await fileSizeOrThrow(file, "safetensors file");
  const handle = await fs.open(file, "r");
  try {
    const header = await readHeaderFrom(handle, fileSize, file);
    const tensors = new Map<string, WeightTensor>();
    const dtypes = new Map<string, SafetensorsDtype>();
    for (const entry of header.entries) {
      tensors.set(entry.name, { shape: entry.shape, data: await readEntry(handle, entry, header.dataStart, file) });
      dtypes.set(entry.name, entry.dtype);
    }
    return { tensors, dtypes, metadata: header.metadata };
  } finally {
    await handle.close();
  }
}

async function readEntry(handle: fs.FileHandle, entry: SafetensorsEntry, dataStart: number, file: string): Promise<Float32Array> {
  const count = elementCount(entry.shape);
  if (entry.dtype === "F32") {
    const values = new Float32Array(count); // (count)
    await readExactly(handle, new Uint8Array(values.buffer), dataStart + entry.begin, file);
    return values;
  }
  const bits = new Uint16Array(count); // (count) raw 16-bit patterns
  await readExactly(handle, new Uint8Array(bits.buffer), dataStart + entry.begin, file);
  return entry.dtype === "F16" ? float16ToFloat32(bits) : bfloat16ToFloat32(bits);
}

/**
 * Writes `tensors` as an F32 safetensors file, in the map's order, with the header padded
 * by spaces to a multiple of 8 bytes so that the data section is aligned. Writes to a
 * temporary file and renames it, so an interrupted write leaves the old file (or none).
 * `metadata` defaults to {format: "pt"}, which transformers requires to load the file.
 */
export async function writeSafetensors(
  file: string,
  tensors: ReadonlyMap<string, WeightTensor>,
  metadata: Record<string, string> = { format: "pt" },
): Promise<void> {
  assertLittleEndianHost();
  const header: Record<string, unknown> = { [METADATA_KEY]: metadata };
  let offset = 0;
  for (const [name, tensor] of tensors) {
    if (name === METADATA_KEY) throw new ModelFormatError(`A tensor cannot be called ${METADATA_KEY}, the key safetensors reserves for metadata.`, { file });
    if (!tensor.shape.every((size) => Number.isInteger(size) && size >= 0)) {
      throw new ModelFormatError(`Tensor ${name} has shape [${tensor.shape.join(", ")}]; every dimension must be a non-negative integer.`, { file });
    }
    if (tensor.data.length !== elementCount(tensor.shape)) {
      throw new ModelFormatError(`Tensor ${name} has ${tensor.data.length} values, but its shape [${tensor.shape.join(", ")}] needs ${elementCount(tensor.shape)}.`, { file });
    }
    header[name] = { dtype: "F32", shape: tensor.shape, data_offsets: [offset, offset + tensor.data.byteLength] };
    offset += tensor.data.byteLength;
  }

  const json = JSON.stringify(header);
  const padding = (8 - (new TextEncoder().encode(json).byteLength % 8)) % 8;
  const headerBytes = new TextEncoder().encode(json + " ".repeat(padding));
  const lengthBytes = new Uint8Array(8);
  new DataView(lengthBytes.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);

  await writeFileAtomically(file, async (handle) => {
    await writeAll(handle, lengthBytes);
    await writeAll(handle, headerBytes);
    for (const tensor of tensors.values()) {
      await writeAll(handle, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    }
  });
}
