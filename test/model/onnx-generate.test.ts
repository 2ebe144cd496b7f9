// The generator on stories260K: greedy tokens from BOS against the fixture, session reuse, stop
// tokens, the allowedTokens hook against the float64 reference, and request errors.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Generator } from "../../lib/model/generate";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import { ReferenceDecoder } from "../../lib/model/reference-forward";
import type { LlamaModel } from "../../lib/model/weights";
import { makeRandomModel, readStoriesReference, smallConfig, STORIES_BIN, storiesSkip } from "./helpers";

describe("generator on stories260K", { skip: storiesSkip }, () => {
  let model: LlamaModel;
  let generator: Generator;

  before(async () => {
    model = await importLlama2cCheckpoint(STORIES_BIN);
    generator = await Generator.create(model);
  });

  after(async () => {
    await generator?.release();
  });

  it("greedy from BOS matches the reference", async () => {
    const expected = readStoriesReference().greedy_from_bos; // BOS first
    const streamed: number[] = [];
    const result = await generator.generate([expected[0]!], {
      maxNewTokens: expected.length - 1,
      stopTokenIds: [],
      onToken: (id) => streamed.push(id),
    });
    assert.deepEqual(result.tokenIds, expected.slice(1));
    assert.deepEqual(streamed, expected.slice(1));
    assert.equal(result.stopReason, "max_new_tokens");
  });

  it("reused session continues a prompt", async () => {
    // A prompt of the first 20 reference tokens must continue with the reference's next 10,
    // on the same session as the previous test.
    const expected = readStoriesReference().greedy_from_bos;
    const result = await generator.generate(expected.slice(0, 20), { maxNewTokens: 10, stopTokenIds: [] });
    assert.deepEqual(result.tokenIds, expected.slice(20, 30));
  });

  it("stops at a stop token", async () => {
    // Reference token 4 (index 4 of greedy_from_bos) is 401; generation from BOS stops there.
    const expected = readStoriesReference().greedy_from_bos;
    const result = await generator.generate([1], { maxNewTokens: 30, stopTokenIds: [expected[4]!] });
    assert.deepEqual(result.tokenIds, expected.slice(1, 4));
    assert.equal(result.stopReason, "stop_token");
  });

  it("allowedTokens picks the best allowed token", async () => {
    // Only even ids below 300 are allowed. The expected tokens come from the float64 reference:
    // at each step, the allowed id of highest logit, which is then fed back.
    const allowed = Array.from({ length: 150 }, (_, i) => 2 * i);
    const seen: number[][] = [];
    const result = await generator.generate([1], {
      maxNewTokens: 12,
      stopTokenIds: [],
      allowedTokens: (ids) => {
        seen.push([...ids]);
        return allowed;
      },
    });

    const decoder = new ReferenceDecoder(model);
    let logits = decoder.step(1);
    const expected: number[] = [];
    for (let step = 0; step < 12; step++) {
      const next = allowed.reduce((best, id) => (logits[id]! > logits[best]! ? id : best), allowed[0]!);
      expected.push(next);
      logits = decoder.step(next);
    }
    assert.deepEqual(result.tokenIds, expected);
    assert.deepEqual(seen[3], expected.slice(0, 3), "the hook receives the ids generated so far");
  });

  it("null from allowedTokens leaves the step free", async () => {
    const expected = readStoriesReference().greedy_from_bos;
    const result = await generator.generate([1], { maxNewTokens: 8, stopTokenIds: [], allowedTokens: () => null });
    assert.deepEqual(result.tokenIds, expected.slice(1, 9));
  });

  it("rejects an empty allowed set", async () => {
    await assert.rejects(
      generator.generate([1], { maxNewTokens: 5, allowedTokens: (ids) => (ids.length < 2 ? null : []) }),
      /allowedTokens returned no token at step 2/,
    );
  });

  it("rejects an allowed id outside the vocabulary", async () => {
    await assert.rejects(generator.generate([1], { maxNewTokens: 5, allowedTokens: () => [3, 512] }), /allowedTokens at step 0 is 512; expected an integer from 0 to 511/);
  });
});

describe("generator requests", () => {
  let generator: Generator;

  before(async () => {
    // max_position_embeddings 8, so a 5-token prompt leaves room for 3 more positions.
    generator = await Generator.create(makeRandomModel(smallConfig({ maxPositionEmbeddings: 8 }), 2));
  });

  after(async () => {
    await generator?.release();
  });

  it("stops at max_position_embeddings", async () => {
    // The token chosen after position 7 needs no position of its own, so 8 - 5 + 1 = 4 tokens fit.
    const result = await generator.generate([1, 2, 3, 4, 5], { maxNewTokens: 10, stopTokenIds: [] });
    assert.equal(result.tokenIds.length, 4);
    assert.equal(result.stopReason, "max_position_embeddings");
  });

  it("rejects an empty prompt", async () => {
    await assert.rejects(generator.generate([], { maxNewTokens: 1 }), /the prompt is empty/);
  });

  it("rejects a token outside the vocabulary", async () => {
    await assert.rejects(generator.generate([1, 20], { maxNewTokens: 1 }), /prompt token 1 is 20; expected an integer from 0 to 19/);
  });

  it("rejects a prompt longer than the model", async () => {
    await assert.rejects(generator.generate(new Array(9).fill(1), { maxNewTokens: 1 }), /the prompt has 9 tokens; max_position_embeddings is 8/);
  });

  it("rejects maxNewTokens of 0", async () => {
    await assert.rejects(generator.generate([1], { maxNewTokens: 0 }), /maxNewTokens 0 is invalid/);
  });
});
