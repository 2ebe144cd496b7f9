import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ModelFormatError } from "./errors";

/**
 * Largest number of bytes passed to one read or write call. Node rejects lengths of
 * 2 GiB and more in a single call, and weight files can be larger than that.
 */
const IO_CHUNK_BYTES = 64 * 1024 * 1024;

/** Throws unless this machine stores numbers little-endian, as safetensors and llama2.c files do. */
export function assertLittleEndianHost(): void {
  if (os.endianness() !== "LE") {
    throw new Error(`Model files are little-endian, but this machine is ${os.endianness()}; byte swapping is not implemented.`);
  }
}

/**
 * Returns the size in bytes of `file`, or throws a ModelFormatError saying that the
 * `description` (e.g. "llama2.c checkpoint") was not found or is not a regular file.
 */
export async function fileSizeOrThrow(file: string, description: string): Promise<number> {
  let stats;
  try {
    stats = await fs.stat(file);
  } catch (error) {
    if (isNodeError(error, "ENOENT") || isNodeError(error, "ENOTDIR")) {
      throw new ModelFormatError(`The ${description} was not found at ${file}.`, { file, cause: error });
    }
    throw new ModelFormatError(`The ${description} at ${file} could not be read: ${String(error)}`, { file, cause: error });
  }
  if (!stats.isFile()) {
    throw new ModelFormatError(`The ${description} path ${file} is not a regular file.`, { file });
  }
  return stats.size;
}

/** Throws a ModelFormatError unless `folder` exists and is a directory. */
export async function assertDirectory(folder: string, description: string): Promise<void> {
  let stats;
  try {
    stats = await fs.stat(folder);
  } catch (error) {
    if (isNodeError(error, "ENOENT") || isNodeError(error, "ENOTDIR")) {
      throw new ModelFormatError(`The ${description} was not found at ${folder}.`, { file: folder, cause: error });
    }
    throw new ModelFormatError(`The ${description} at ${folder} could not be read: ${String(error)}`, { file: folder, cause: error });
  }
  if (!stats.isDirectory()) {
    throw new ModelFormatError(`The ${description} path ${folder} is a file, but a folder is expected.`, { file: folder });
  }
}

/** Returns whether `file` exists (as anything). */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (error) {
    if (isNodeError(error, "ENOENT") || isNodeError(error, "ENOTDIR")) return false;
    throw error;
  }
}

/** Reads and parses a JSON file, naming the file in the error when it is missing or not JSON. */
export async function readJsonFile(file: string, description: string): Promise<unknown> {
  await fileSizeOrThrow(file, description);
  const text = await fs.readFile(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelFormatError(`The ${description} at ${file} is not valid JSON: ${(error as Error).message}`, { file, cause: error });
  }
}

/** Fills `target` from `handle` starting at byte `position`; throws when the file ends first. */
export async function readExactly(handle: FileHandle, target: Uint8Array, position: number, file: string): Promise<void> {
  let done = 0;
  while (done < target.byteLength) {
    const length = Math.min(IO_CHUNK_BYTES, target.byteLength - done);
    const { bytesRead } = await handle.read(target, done, length, position + done);
    if (bytesRead === 0) {
      throw new ModelFormatError(`${file} ended at byte ${position + done} while ${target.byteLength - done} more bytes were expected.`, { file });
    }
    done += bytesRead;
  }
}

/** Writes all of `bytes` at the handle's current position, in chunks Node accepts. */
export async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const length = Math.min(IO_CHUNK_BYTES, bytes.byteLength - done);
    const { bytesWritten } = await handle.write(bytes, done, length);
    done += bytesWritten;
  }
}

/**
 * Writes `file` through `write` into a temporary file in the same folder, flushes it to
 * disk and renames it over `file`, so a reader sees either the old file or the complete
 * new one. An error or an interrupted process leaves at most a `.NAME.*.tmp` file, which
 * is removed on errors that reach this function.
 */
export async function writeFileAtomically(file: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await fs.open(temporary, "wx");
  let closed = false;
  try {
    await write(handle);
    await handle.sync();
    await handle.close();
    closed = true;
    await fs.rename(temporary, file);
  } catch (error) {
    // The write error is the one to report, so a failure to close after it is dropped.
    if (!closed) await handle.close().catch(() => undefined);
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Writes `value` as indented JSON with a final newline, atomically (see writeFileAtomically). */
export async function writeJsonFileAtomically(file: string, value: unknown): Promise<void> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  await writeFileAtomically(file, (handle) => writeAll(handle, bytes));
}

function isNodeError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
