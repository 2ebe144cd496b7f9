import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { trainBpe, writeBpeTokenizer } from "../../lib/model/bpe-train";
import { loadTokenizer, type TextTokenizer } from "../../lib/model/tokenizer";
import { checkTokenIds, readTokenDocuments, sampleWindows, type TokenDocuments } from "../../pruning/calibration";
import { PruningError } from "../../pruning/errors";
import { makeTemporaryFolder } from "./helpers";

const TEXT = "The seller shipped forty units to the warehouse. Ad spend rose while sales fell, so ACoS climbed.\n".repeat(20);

function documents(lengths: number[]): TokenDocuments {
  let next = 0;
  return { source: "test.json", format: "token-json", documents: lengths.map((length) => Array.from({ length }, () => next++)) };
}

describe("readTokenDocuments", () => {
  let folder: string;
  let tokenizer: TextTokenizer;
  before(async () => {
    folder = makeTemporaryFolder();
    await writeBpeTokenizer(path.join(folder, "tokenizer"), trainBpe([TEXT], { vocabSize: 300 }));
    tokenizer = await loadTokenizer(path.join(folder, "tokenizer"));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it("reads token ids in both JSON layouts", async () => {
    const wrapped = await readTokenDocuments(write("a.json", JSON.stringify({ note: "x", sequences: [[1, 2, 3], [4]] })), null);
    assert.deepEqual(wrapped.documents, [[1, 2, 3], [4]]);
    assert.equal(wrapped.format, "token-json");
    const bare = await readTokenDocuments(write("b.json", "[[5, 6], [7]]"), null);
    assert.deepEqual(bare.documents, [[5, 6], [7]]);
  });

  it("rejects malformed token files", async () => {
    await assert.rejects(readTokenDocuments(write("c.json", "{not json"), null), (error: Error) => error instanceof PruningError && error.message.includes("is not valid JSON"));
    await assert.rejects(readTokenDocuments(write("d.json", '{"sequences": [[1, -2]]}'), null), /not a list of token id sequences/);
    await assert.rejects(readTokenDocuments(write("e.json", '{"sequences": [[1.5]]}'), null), /non-negative integer ids/);
    await assert.rejects(readTokenDocuments(path.join(folder, "missing.json"), null), /could not be read/);
  });

  it("reads JSON lines of text and of token ids", async () => {
    const file = write("f.jsonl", [JSON.stringify({ text: "ACoS climbed" }), "", JSON.stringify({ input_ids: [9, 8, 7] }), JSON.stringify("sales fell")].join("\n"));
    const read = await readTokenDocuments(file, tokenizer);
    assert.equal(read.format, "jsonl");
    assert.deepEqual(read.documents, [tokenizer.encode("ACoS climbed"), [9, 8, 7], tokenizer.encode("sales fell")]);
  });

  it("names the line of a bad JSON line", async () => {
    await assert.rejects(readTokenDocuments(write("g.jsonl", `"ok"\n{"title": 1}\n`), tokenizer), /Line 2 of .*g\.jsonl is neither a string nor an object/);
    await assert.rejects(readTokenDocuments(write("h.jsonl", `"ok"\n{oops\n`), tokenizer), /Line 2 of .*h\.jsonl is not valid JSON/);
  });

  it("tokenizes plain text as one document", async () => {
    const read = await readTokenDocuments(write("i.txt", TEXT), tokenizer);
    assert.equal(read.format, "text");
    assert.deepEqual(read.documents, [tokenizer.encode(TEXT)]);
    assert.equal(tokenizer.decode(read.documents[0]!), TEXT);
  });

  it("needs a tokenizer for text", async () => {
    await assert.rejects(readTokenDocuments(write("j.txt", TEXT), null), /contains text, but no tokenizer is available/);
  });

  it("rejects token ids outside the vocabulary", () => {
    assert.throws(() => checkTokenIds(documents([3, 5]), 6), /Document 1 of test.json has token id 6 at position 3, but the model's vocabulary has ids 0 to 5/);
    assert.doesNotThrow(() => checkTokenIds(documents([3, 5]), 8));
  });
});

describe("sampleWindows", () => {
  it("cuts disjoint windows of seq_len tokens", () => {
    // Lengths 10, 25, 7 and 16 with seq_len 5 give 2 + 5 + 1 + 3 = 11 windows.
    const source = documents([10, 25, 7, 16]);
    const split = sampleWindows(source, { samples: 6, heldOutSamples: 5, seqLen: 5, seed: 1 });
    assert.equal(split.windowCount, 11);
    assert.equal(split.tokenCount, 58);
    assert.equal(split.calibration.length, 6);
    assert.equal(split.heldOut.length, 5);

    const all = [...split.calibration, ...split.heldOut];
    const tokens = new Set<number>();
    for (const window of all) {
      assert.equal(window.length, 5);
      // Token ids count up through the documents, so a window from one document is consecutive.
      for (let i = 1; i < 5; i++) assert.equal(window[i], window[0]! + i);
      for (const token of window) {
        assert.ok(!tokens.has(token), `token ${token} is in two windows`);
        tokens.add(token);
      }
    }
  });

  it("is deterministic in the seed", () => {
    const source = documents([40, 40, 40]);
    const first = sampleWindows(source, { samples: 4, heldOutSamples: 2, seqLen: 8, seed: 7 });
    const again = sampleWindows(source, { samples: 4, heldOutSamples: 2, seqLen: 8, seed: 7 });
    const other = sampleWindows(source, { samples: 4, heldOutSamples: 2, seqLen: 8, seed: 8 });
    assert.deepEqual(again, first);
    assert.notDeepEqual(other.calibration, first.calibration);
  });

  it("skips documents shorter than seq_len", () => {
    const split = sampleWindows(documents([3, 4, 6]), { samples: 1, heldOutSamples: 0, seqLen: 5, seed: 0 });
    assert.equal(split.windowCount, 1);
    assert.ok(split.calibration[0]![0]! >= 7, `window starts at token ${split.calibration[0]![0]}, inside a short document`);
  });

  it("reports too few tokens with the numbers", () => {
    assert.throws(
      () => sampleWindows(documents([128, 128, 100]), { samples: 2, heldOutSamples: 1, seqLen: 128, seed: 0 }),
      (error: Error) =>
        error instanceof PruningError &&
        error.message.includes("3 documents with 356 tokens give 2 windows of 128 tokens") &&
        error.message.includes("2 calibration and 1 held-out windows need 3"),
    );
  });
});
