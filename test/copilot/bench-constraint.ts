// Measures the constrained decoder's cost per step with a byte-level BPE vocabulary of
// about 4,000 tokens (lib/model/bpe-train.ts) trained on tool calls and on the English
// of this repository's sources, so that most tokens are words that calls never use.
// Run: npx tsx test/copilot/bench-constraint.ts [vocabSize]
import fs from "node:fs";
import path from "node:path";
import { ToolCallConstraint } from "../../lib/copilot/constrained";
import { CALL_TERMINATOR, formatToolCall } from "../../lib/copilot/tool-calls";
import { CAMPAIGNS, CATALOG } from "../../lib/demo/catalog";
import { Random } from "../../lib/demo/random";
import { BYTE_TO_CHARACTER } from "../../lib/model/bpe-pretokenize";
import { trainBpe } from "../../lib/model/bpe-train";
import { randomCall } from "./random-calls";

const END = "<|end|>";
const vocabSize = Number(process.argv[2] ?? 4096);
const names = { skus: CATALOG.map((product) => product.sku), campaigns: CAMPAIGNS.map((campaign) => campaign.name) };

// Training texts: calls in the prompt format's call line, with the demo seller's names.
const random = new Random(7, "bench corpus");
const texts: string[] = [];
for (let i = 0; i < 20_000; i++) texts.push(`${formatToolCall(randomCall(random, names))}${CALL_TERMINATOR}${END}`);
for (const file of listFiles("lib")) texts.push(fs.readFileSync(file, "utf8"));

let started = performance.now();
const vocabulary = trainBpe(texts, { vocabSize, specialTokens: [END] });
console.log(`BPE: ${vocabulary.tokens.length} tokens trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const byteOf = new Map(BYTE_TO_CHARACTER.map((character, byte) => [character, byte]));
const endTokenId = vocabulary.specialTokens[0]!.id;
const tokens = vocabulary.tokens.map((spelling, id) => (id === endTokenId ? null : Uint8Array.from([...spelling].map((character) => byteOf.get(character)!))));

started = performance.now();
const constraint = new ToolCallConstraint({ tokens, endTokenId }, names);
console.log(`Constraint built in ${(performance.now() - started).toFixed(0)} ms`);

// Decode fresh calls, picking a random allowed token, and time allowedTokens at each
// step, from the text generated so far (as a caller without states would) and from the state.
const logits = new Random(8, "bench logits");
const fromText: number[] = [];
const fromState: number[] = [];
let allowedSum = 0;
const calls = 500;
const decoder = new TextDecoder();
for (let run = 0; run < calls; run++) {
  let state = constraint.start;
  const bytes: number[] = [];
  for (;;) {
    let stepStarted = performance.now();
    const allowed = constraint.allowedTokens(Uint8Array.from(bytes));
    fromText.push(performance.now() - stepStarted);
    stepStarted = performance.now();
    constraint.allowedTokensAt(state);
    fromState.push(performance.now() - stepStarted);
    allowedSum += allowed.length;

    const id = allowed[Math.floor(logits.next() * allowed.length)]!;
    if (id === endTokenId) break;
    state = constraint.advance(state, id)!;
    bytes.push(...tokens[id]!);
  }
  if (run === 0) console.log(`First call decoded: ${JSON.stringify(decoder.decode(Uint8Array.from(bytes)))}`);
}
console.log(`${calls} calls, ${fromText.length} steps, ${(allowedSum / fromText.length).toFixed(1)} tokens allowed per step on average`);
console.log(`allowedTokens(prefix):  ${summary(fromText)}`);
console.log(`allowedTokensAt(state): ${summary(fromState)}`);

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!.toFixed(3);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  return `mean ${mean.toFixed(3)} ms, median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
}

function listFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return /\.(ts|md)$/.test(entry.name) ? [full] : [];
  });
}
