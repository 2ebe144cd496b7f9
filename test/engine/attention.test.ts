// Causal self-attention with a KV cache, grouped-query heads and half-split rotary embeddings, built
// the way a LLaMA decoder block will build it. One session runs several (past, seq) lengths, which
// exercises the symbolic dims: the cache concat gives "past+seq", and the mask, GQA expand and
// reshapes read their sizes at run time.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as E from "../../lib/engine/index";
import type { Tensor } from "../../lib/engine/index";
import { assertClose, checkGradient, fromData, seededRandom, SESSION_OPTIONS, toData, uniform } from "./helpers";
import { at, build, nd, type Nd } from "./reference";

const BATCH = 2;
const HEADS = 4; // nH
const KV_HEADS = 2; // nKV
const HEAD_SIZE = 4; // hd
const HIDDEN = HEADS * HEAD_SIZE; // H
const MAX_POSITIONS = 16;
const THETA = 10000;

/** cos and sin tables (MAX_POSITIONS, hd) in the half-split layout: column c and c + hd/2 share a frequency. */
function ropeTables(): { cos: Nd; sin: Nd } {
  const angle = (position: number, column: number) => position * THETA ** ((-2 * (column % (HEAD_SIZE / 2))) / HEAD_SIZE);
  return {
    cos: build([MAX_POSITIONS, HEAD_SIZE], ([p, c]) => Math.cos(angle(p!, c!))),
    sin: build([MAX_POSITIONS, HEAD_SIZE], ([p, c]) => Math.sin(angle(p!, c!))),
  };
}

/** Rotates (..., seq, hd) by the table rows at `positions` (seq). */
function rope(t: Tensor, cos: Tensor, sin: Tensor): Tensor {
  const half = HEAD_SIZE / 2;
  const first = E.slice(t, { starts: [0], ends: [half], axes: [-1] });
  const second = E.slice(t, { starts: [half], ends: [HEAD_SIZE], axes: [-1] });
  const rotated = E.concat([E.neg(second), first], -1);
  return E.add(E.mul(t, cos), E.mul(rotated, sin));
}

/** (B, seq, heads*hd) → (B, heads, seq, hd). */
function splitHeads(t: Tensor, heads: number): Tensor {
  return E.transpose(E.reshape(t, [BATCH, "seq", heads, HEAD_SIZE]), [0, 2, 1, 3]);
}

interface AttentionInputs {
  x: Tensor; // (B, seq, H)
  wq: Tensor; // (nH*hd, H)
  wk: Tensor; // (nKV*hd, H)
  wv: Tensor; // (nKV*hd, H)
  kPast: Tensor; // (B, nKV, past, hd), already rotated
  vPast: Tensor; // (B, nKV, past, hd)
  cosTable: Tensor; // (MAX_POSITIONS, hd)
  sinTable: Tensor; // (MAX_POSITIONS, hd)
}

function attention(inputs: AttentionInputs): { out: Tensor; k: Tensor; v: Tensor } {
  const { x, wq, wk, wv, kPast, vPast, cosTable, sinTable } = inputs;

  // Positions of the new tokens continue after the cache: past, past+1, ..., past+seq-1.
  const pastLength = E.dimsTensor(["past"], [kPast]); // (1) int64
  const positions = E.add(E.arange("seq", "int64", [x]), pastLength); // (seq)
  const cos = E.gather(cosTable, positions); // (seq, hd)
  const sin = E.gather(sinTable, positions); // (seq, hd)

  const q = rope(splitHeads(E.linear(x, wq), HEADS), cos, sin); // (B, nH, seq, hd)
  const kNew = rope(splitHeads(E.linear(x, wk), KV_HEADS), cos, sin); // (B, nKV, seq, hd)
  const vNew = splitHeads(E.linear(x, wv), KV_HEADS); // (B, nKV, seq, hd)
  const k = E.concat([kPast, kNew], 2); // (B, nKV, past+seq, hd)
  const v = E.concat([vPast, vNew], 2); // (B, nKV, past+seq, hd)

  // Grouped-query attention: each key/value head serves HEADS / KV_HEADS query heads.
  const group = HEADS / KV_HEADS;
  const repeat = (t: Tensor) =>
    E.reshape(E.expand(E.unsqueeze(t, [2]), [BATCH, KV_HEADS, group, "past+seq", HEAD_SIZE]), [BATCH, HEADS, "past+seq", HEAD_SIZE]);

  const scores = E.div(E.matmul(q, E.transposeLast(repeat(k))), Math.sqrt(HEAD_SIZE)); // (B, nH, seq, past+seq)
  const keyPositions = E.arange("past+seq", "int64", [k]); // (past+seq)
  const future = E.greater(E.unsqueeze(keyPositions, [0]), E.unsqueeze(positions, [1])); // (seq, past+seq)
  const probs = E.softmax(E.where(future, -1e9, scores));
  const heads = E.matmul(probs, repeat(v)); // (B, nH, seq, hd)
  const out = E.reshape(E.transpose(heads, [0, 2, 1, 3]), [BATCH, "seq", HIDDEN]); // (B, seq, H)
  return { out, k, v };
}

function declareInputs(): AttentionInputs {
  return {
    x: E.input("x", "float64", [BATCH, "seq", HIDDEN]),
    wq: E.input("wq", "float64", [HEADS * HEAD_SIZE, HIDDEN]),
    wk: E.input("wk", "float64", [KV_HEADS * HEAD_SIZE, HIDDEN]),
    wv: E.input("wv", "float64", [KV_HEADS * HEAD_SIZE, HIDDEN]),
    kPast: E.input("kPast", "float64", [BATCH, KV_HEADS, "past", HEAD_SIZE]),
    vPast: E.input("vPast", "float64", [BATCH, KV_HEADS, "past", HEAD_SIZE]),
    cosTable: E.input("cosTable", "float64", [MAX_POSITIONS, HEAD_SIZE]),
    sinTable: E.input("sinTable", "float64", [MAX_POSITIONS, HEAD_SIZE]),
  };
}

/** Float64 loops over batch, head, query and key, with the rotation written out per element. */
function referenceAttention(values: Record<string, Nd>, past: number, seq: number): { out: Nd; k: Nd } {
  const { x, wq, wk, wv, kPast, vPast } = values as Record<string, Nd>;
  const { cos, sin } = ropeTables();
  const project = (w: Nd, b: number, t: number, row: number) => {
    let sum = 0;
    for (let c = 0; c < HIDDEN; c++) sum += at(w!, [row, c]) * at(x!, [b, t, c]);
    return sum;
  };
  const rotate = (vector: number[], position: number) =>
    vector.map((value, c) => {
      const half = HEAD_SIZE / 2;
      const partner = c < half ? -vector[c + half]! : vector[c - half]!;
      return value * at(cos, [position, c]) + partner * at(sin, [position, c]);
    });

  const total = past + seq;
  const keys: number[][][][] = []; // [b][kvHead][position][c]
  const vals: number[][][][] = [];
  for (let b = 0; b < BATCH; b++) {
    keys.push([]);
    vals.push([]);
    for (let g = 0; g < KV_HEADS; g++) {
      const kRows: number[][] = [];
      const vRows: number[][] = [];
      for (let p = 0; p < past; p++) {
        kRows.push(Array.from({ length: HEAD_SIZE }, (_, c) => at(kPast!, [b, g, p, c])));
        vRows.push(Array.from({ length: HEAD_SIZE }, (_, c) => at(vPast!, [b, g, p, c])));
      }
      for (let t = 0; t < seq; t++) {
        const kRow = Array.from({ length: HEAD_SIZE }, (_, c) => project(wk!, b, t, g * HEAD_SIZE + c));
        kRows.push(rotate(kRow, past + t));
        vRows.push(Array.from({ length: HEAD_SIZE }, (_, c) => project(wv!, b, t, g * HEAD_SIZE + c)));
      }
      keys[b]!.push(kRows);
      vals[b]!.push(vRows);
    }
  }

  const out = build([BATCH, seq, HIDDEN], ([b, t, column]) => {
    const head = Math.floor(column! / HEAD_SIZE);
    const c = column! % HEAD_SIZE;
    const g = Math.floor(head / (HEADS / KV_HEADS));
    const query = rotate(
      Array.from({ length: HEAD_SIZE }, (_, d) => project(wq!, b!, t!, head * HEAD_SIZE + d)),
      past + t!,
    );
    const visible = past + t! + 1;
    const scores = Array.from({ length: visible }, (_, j) => query.reduce((sum, qd, d) => sum + qd * keys[b!]![g]![j]![d]!, 0) / Math.sqrt(HEAD_SIZE));
    const max = Math.max(...scores);
    const weights = scores.map((s) => Math.exp(s - max));
    const norm = weights.reduce((a, w) => a + w, 0);
    return weights.reduce((sum, w, j) => sum + (w / norm) * vals[b!]![g]![j]![c]!, 0);
  });
  const k = build([BATCH, KV_HEADS, total, HEAD_SIZE], ([b, g, p, c]) => keys[b!]![g!]![p!]![c!]!);
  return { out, k };
}

function randomValues(random: () => number, past: number, seq: number): Record<string, Nd> {
  const { cos, sin } = ropeTables();
  return {
    x: uniform(random, [BATCH, seq, HIDDEN]),
    wq: uniform(random, [HEADS * HEAD_SIZE, HIDDEN], -0.5, 0.5),
    wk: uniform(random, [KV_HEADS * HEAD_SIZE, HIDDEN], -0.5, 0.5),
    wv: uniform(random, [KV_HEADS * HEAD_SIZE, HIDDEN], -0.5, 0.5),
    kPast: uniform(random, [BATCH, KV_HEADS, past, HEAD_SIZE]),
    vPast: uniform(random, [BATCH, KV_HEADS, past, HEAD_SIZE]),
    cosTable: cos,
    sinTable: sin,
  };
}

test("kv cache attention across lengths", async () => {
  const inputs = declareInputs();
  const { out, k, v } = attention(inputs);
  assert.deepEqual(out.shape, [BATCH, "seq", HIDDEN]);
  assert.deepEqual(k.shape, [BATCH, KV_HEADS, "past+seq", HEAD_SIZE]);

  const session = await E.Session.create(new E.Graph({ out, k, v }, { name: "attention" }), SESSION_OPTIONS);
  try {
    const random = seededRandom(3);
    for (const [past, seq] of [
      [0, 3],
      [3, 1],
      [2, 4],
    ] as const) {
      const values = randomValues(random, past, seq);
      const feeds = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, toData(value, "float64")]));
      const result = await session.run(feeds);
      const expected = referenceAttention(values, past, seq);
      assertClose(fromData(result.out!), expected.out, 1e-10, `out at past ${past}, seq ${seq}`);
      assertClose(fromData(result.k!), expected.k, 1e-12, `k at past ${past}, seq ${seq}`);
      assert.deepEqual(result.v!.shape, [BATCH, KV_HEADS, past + seq, HEAD_SIZE]);
    }
  } finally {
    await session.release();
  }
});

test("kv cache attention gradient", async () => {
  const values = randomValues(seededRandom(5), 2, 2);
  const inputs = declareInputs();
  const names = Object.keys(inputs) as (keyof AttentionInputs)[];
  const args = names.map((name) => ({ name, value: values[name]!, shape: inputs[name].shape }));
  const check = await checkGradient(args, (...tensors) => {
    const bound = Object.fromEntries(names.map((name, i) => [name, tensors[i]!])) as unknown as AttentionInputs;
    return attention(bound).out;
  });
  assert.ok(check.relativeError < 1e-6, `relative error ${check.relativeError.toExponential(2)} over ${check.checked} elements`);
});

test("linear matches x times weight transposed", async () => {
  const x = E.input("x", "float64", [2, 3]);
  const weight = E.input("weight", "float64", [2, 3]);
  const bias = E.input("bias", "float64", [2]);
  const out = await E.Session.create(new E.Graph({ y: E.linear(x, weight, bias) }), SESSION_OPTIONS).then(async (session) => {
    try {
      return await session.run({
        x: toData(nd([2, 3], [1, 2, 3, 4, 5, 6]), "float64"),
        weight: toData(nd([2, 3], [1, 0, -1, 0.5, 0.5, 0.5]), "float64"),
        bias: toData(nd([2], [10, 20]), "float64"),
      });
    } finally {
      await session.release();
    }
  });
  // Row [1, 2, 3]: 1 - 3 + 10 = 8 and 3 + 20 = 23; row [4, 5, 6]: 4 - 6 + 10 = 8 and 7.5 + 20 = 27.5.
  assert.deepEqual([...out.y!.data], [8, 23, 8, 27.5]);
});
