import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { ModelFormatError } from "../../lib/model/errors";
import { writeFileAtomically } from "../../lib/model/files";
import { bfloat16ToFloat32, float16BitsToNumber, float16ToFloat32 } from "../../lib/model/half-precision";
import { readSafetensors, readSafetensorsHeader, writeSafetensors } from "../../lib/model/safetensors";
import type { WeightTensor } from "../../lib/model/weights";
import { bitwiseEqual, float32Bytes, makeTemporaryFolder, uint16Bytes, writeRawSafetensors } from "./helpers";

const folder = makeTemporaryFolder();
after(() => fs.rmSync(folder, { recursive: true, force: true }));
const file = (name: string) => path.join(folder, name);

function isFormatError(pattern: RegExp) {
  return (error: unknown) => error instanceof ModelFormatError && pattern.test(error.message);
}

describe("half precision", () => {
  it("decodes fp16 bit patterns", () => {
    assert.equal(float16BitsToNumber(0x3c00), 1);
    assert.equal(float16BitsToNumber(0xc000), -2);
    assert.equal(float16BitsToNumber(0x3555), 0.333251953125); // 1.0101010101b × 2^-2
    assert.equal(float16BitsToNumber(0x7bff), 65504); // largest finite
    assert.equal(float16BitsToNumber(0x0400), 2 ** -14); // smallest normal
    assert.equal(float16BitsToNumber(0x0001), 2 ** -24); // smallest subnormal
    assert.equal(float16BitsToNumber(0x03ff), 1023 * 2 ** -24); // largest subnormal
    assert.equal(float16BitsToNumber(0x7c00), Infinity);
    assert.equal(float16BitsToNumber(0xfc00), -Infinity);
    assert.ok(Number.isNaN(float16BitsToNumber(0x7e00)));
    assert.ok(Object.is(float16BitsToNumber(0x8000), -0));
  });

  it("converts fp16 arrays through the table", () => {
    const out = float16ToFloat32(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff]));
    assert.deepEqual([...out], [1, -2, 2 ** -24, 65504]);
  });

  it("converts bf16 as the upper half of float32", () => {
    // 0x3F80 = 1.0, 0x4049 = 3.140625, 0xC2F7 = -123.5, 0x0001 = 2^-133 (subnormal), 0xFF80 = -Infinity.
    const out = bfloat16ToFloat32(new Uint16Array([0x3f80, 0x4049, 0xc2f7, 0x0001, 0xff80]));
    assert.deepEqual([...out], [1, 3.140625, -123.5, 2 ** -133, -Infinity]);
  });
});

describe("writeSafetensors and readSafetensors", () => {
  const tensors = new Map<string, WeightTensor>([
    ["a.weight", { shape: [2, 3], data: new Float32Array([1, -2.5, 3e-39, -0, NaN, Infinity]) }],
    ["b.bias", { shape: [3], data: new Float32Array([0.1, 0.2, 0.3]) }],
    ["scalar", { shape: [], data: new Float32Array([42]) }],
    ["empty", { shape: [0, 4], data: new Float32Array(0) }],
  ]);

  it("round-trips F32 bit for bit", async () => {
    await writeSafetensors(file("roundtrip.safetensors"), tensors);
    const read = await readSafetensors(file("roundtrip.safetensors"));
    assert.deepEqual([...read.tensors.keys()], [...tensors.keys()]);
    for (const [name, tensor] of tensors) assert.ok(bitwiseEqual(read.tensors.get(name)!, tensor), name);
    assert.deepEqual(read.metadata, { format: "pt" });
    assert.deepEqual([...read.dtypes.values()], ["F32", "F32", "F32", "F32"]);
  });

  it("aligns the data section to 8 bytes", async () => {
    await writeSafetensors(file("aligned.safetensors"), tensors);
    const header = await readSafetensorsHeader(file("aligned.safetensors"));
    assert.equal(header.dataStart % 8, 0);
    assert.deepEqual(
      header.entries.map((entry) => [entry.name, entry.begin, entry.end]),
      [
        ["a.weight", 0, 24],
        ["b.bias", 24, 36],
        ["scalar", 36, 40],
        ["empty", 40, 40],
      ],
    );
  });

  it("reads F16 and BF16 into float32", async () => {
    writeRawSafetensors(file("half.safetensors"), [
      { name: "h", dtype: "F16", shape: [2, 2], bytes: uint16Bytes([0x3c00, 0xc000, 0x3555, 0x7bff]) },
      { name: "b", dtype: "BF16", shape: [3], bytes: uint16Bytes([0x3f80, 0x4049, 0xc2f7]) },
      { name: "f", dtype: "F32", shape: [1], bytes: float32Bytes([0.5]) },
    ]);
    const read = await readSafetensors(file("half.safetensors"));
    assert.deepEqual(read.tensors.get("h")!.shape, [2, 2]);
    assert.deepEqual([...read.tensors.get("h")!.data], [1, -2, 0.333251953125, 65504]);
    assert.deepEqual([...read.tensors.get("b")!.data], [1, 3.140625, -123.5]);
    assert.deepEqual([...read.tensors.get("f")!.data], [0.5]);
    assert.deepEqual(Object.fromEntries(read.dtypes), { h: "F16", b: "BF16", f: "F32" });
  });

  it("rejects a data array that disagrees with its shape", async () => {
    const bad = new Map([["w", { shape: [2, 2], data: new Float32Array(3) }]]);
    await assert.rejects(writeSafetensors(file("bad.safetensors"), bad), isFormatError(/Tensor w has 3 values, but its shape \[2, 2\] needs 4/));
    assert.equal(fs.existsSync(file("bad.safetensors")), false);
  });
});

describe("readSafetensors on damaged files", () => {
  const twoTensors = () => [
    { name: "first", dtype: "F32", shape: [2], bytes: float32Bytes([1, 2]) },
    { name: "second", dtype: "F32", shape: [3], bytes: float32Bytes([3, 4, 5]) },
  ];

  it("names a missing file", async () => {
    await assert.rejects(readSafetensors(file("absent.safetensors")), isFormatError(/safetensors file was not found at .*absent\.safetensors/));
  });

  it("rejects a file shorter than the length field", async () => {
    fs.writeFileSync(file("tiny.safetensors"), Buffer.from([1, 2, 3]));
    await assert.rejects(readSafetensors(file("tiny.safetensors")), isFormatError(/has 3 bytes, fewer than the 8-byte header length/));
  });

  it("rejects a header length beyond the file", async () => {
    const bytes = Buffer.alloc(16);
    bytes.writeBigUInt64LE(1000n);
    fs.writeFileSync(file("long-header.safetensors"), bytes);
    await assert.rejects(readSafetensors(file("long-header.safetensors")), isFormatError(/header length field is 1000 bytes, but only 8 bytes follow it/));
  });

  it("rejects a header that is not JSON", async () => {
    const header = Buffer.from("{not json}");
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.byteLength));
    fs.writeFileSync(file("not-json.safetensors"), Buffer.concat([length, header]));
    await assert.rejects(readSafetensors(file("not-json.safetensors")), isFormatError(/header is not valid UTF-8 JSON/));
  });

  it("names the tensor of an unsupported dtype", async () => {
    writeRawSafetensors(file("int.safetensors"), [{ name: "positions", dtype: "I64", shape: [1], bytes: new Uint8Array(8) }]);
    await assert.rejects(readSafetensors(file("int.safetensors")), isFormatError(/Tensor positions .* has dtype I64, which is not supported; accepted: F32, F16, BF16/));
  });

  it("names the tensor whose shape disagrees with its bytes", async () => {
    writeRawSafetensors(file("shape.safetensors"), twoTensors(), (header) => {
      (header.second as { shape: number[] }).shape = [4];
    });
    await assert.rejects(
      readSafetensors(file("shape.safetensors")),
      isFormatError(/tensor second of shape \[4\] and dtype F32 needs 16 bytes, but its data_offsets \[8, 20\] span 12/),
    );
  });

  it("names the tensor cut off by truncation", async () => {
    writeRawSafetensors(file("full.safetensors"), twoTensors());
    const bytes = fs.readFileSync(file("full.safetensors"));
    fs.writeFileSync(file("truncated.safetensors"), bytes.subarray(0, bytes.byteLength - 4));
    await assert.rejects(
      readSafetensors(file("truncated.safetensors")),
      isFormatError(/Truncated safetensors file .*: tensor second needs data bytes \[8, 20\), but the data section has only 16 bytes/),
    );
  });

  it("rejects overlapping tensors", async () => {
    writeRawSafetensors(file("overlap.safetensors"), twoTensors(), (header) => {
      (header.second as { data_offsets: number[] }).data_offsets = [4, 16];
    });
    await assert.rejects(readSafetensors(file("overlap.safetensors")), isFormatError(/tensors first and second overlap at data byte 4/));
  });

  it("rejects bytes that belong to no tensor", async () => {
    writeRawSafetensors(file("gap.safetensors"), twoTensors(), (header) => {
      delete header.first;
    });
    await assert.rejects(readSafetensors(file("gap.safetensors")), isFormatError(/data bytes \[0, 8\) before tensor second belong to no tensor/));
  });

  it("rejects trailing bytes", async () => {
    writeRawSafetensors(file("full.safetensors"), twoTensors());
    fs.appendFileSync(file("full.safetensors"), Buffer.alloc(4));
    await assert.rejects(readSafetensors(file("full.safetensors")), isFormatError(/4 bytes after the last tensor ends at byte 20/));
  });

  it("rejects an invalid entry", async () => {
    writeRawSafetensors(file("entry.safetensors"), twoTensors(), (header) => {
      (header.first as { shape: unknown }).shape = "two";
    });
    await assert.rejects(readSafetensors(file("entry.safetensors")), isFormatError(/header entry of tensor first is invalid \(shape: /));
  });
});

describe("writeFileAtomically", () => {
  it("keeps the old file when a write fails midway", async () => {
    const target = file("atomic.bin");
    fs.writeFileSync(target, "old contents");
    await assert.rejects(
      writeFileAtomically(target, async (handle) => {
        await handle.write(Buffer.from("new cont"));
        throw new Error("disk full");
      }),
      /disk full/,
    );
    assert.equal(fs.readFileSync(target, "utf8"), "old contents");
    assert.deepEqual(
      fs.readdirSync(folder).filter((name) => name.endsWith(".tmp")),
      [],
    );
  });

  it("replaces the file when the write succeeds", async () => {
    const target = file("atomic.bin");
    await writeFileAtomically(target, async (handle) => {
      await handle.write(Buffer.from("new contents"));
    });
    assert.equal(fs.readFileSync(target, "utf8"), "new contents");
  });
});
