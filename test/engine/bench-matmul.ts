// Benchmark (not a test): GFLOP/s of a float32 MatMul built with the engine and run through its
// Session, against the same model run on a bare ort.InferenceSession with ort.Tensor feeds. The two
// are timed in alternating rounds in one process, so both see the same machine state.
//
//   npx tsx test/engine/bench-matmul.ts [--size 512] [--threads 1] [--rounds 7] [--runs 20]
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import * as E from "../../lib/engine/index";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "512" },
    threads: { type: "string", default: "1" },
    rounds: { type: "string", default: "7" },
    runs: { type: "string", default: "20" },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} ${text} is invalid; expected a positive integer`);
  return value;
}

const n = positiveInteger("size", values.size);
const threads = positiveInteger("threads", values.threads);
const rounds = positiveInteger("rounds", values.rounds);
const runs = positiveInteger("runs", values.runs);

const a = E.input("a", "float32", [n, n]);
const b = E.input("b", "float32", [n, n]);
const graph = new E.Graph({ c: E.matmul(a, b) }, { name: "matmul" });

const options = { intraOpNumThreads: threads, logSeverityLevel: 3 as const };
const engine = await E.Session.create(graph, options);
const direct = await ort.InferenceSession.create(E.encodeModel(graph), {
  executionProviders: ["cpu"],
  graphOptimizationLevel: "all",
  ...options,
});

const aData = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
const bData = Float32Array.from({ length: n * n }, (_, i) => Math.cos(i));
const feeds = {
  a: { dtype: "float32" as const, shape: [n, n], data: aData },
  b: { dtype: "float32" as const, shape: [n, n], data: bData },
};

/** Seconds per run, averaged over `runs` back-to-back runs. */
async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < runs; i++) await run();
  return (performance.now() - start) / 1000 / runs;
}

const runEngine = () => engine.run(feeds);
const runDirect = () => direct.run({ a: new ort.Tensor("float32", aData, [n, n]), b: new ort.Tensor("float32", bData, [n, n]) });

// Warm-up: first runs allocate buffers and pick kernels.
await time(runEngine);
await time(runDirect);

const engineTimes: number[] = [];
const directTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  engineTimes.push(await time(runEngine));
  directTimes.push(await time(runDirect));
}

const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
const flops = 2 * n ** 3;
const report = (label: string, seconds: number) =>
  console.log(`${label.padEnd(22)} ${(seconds * 1000).toFixed(3).padStart(8)} ms/run  ${(flops / seconds / 1e9).toFixed(1).padStart(6)} GFLOP/s`);

console.log(`float32 MatMul ${n}x${n}x${n}, intraOpNumThreads ${threads}, median of ${rounds} rounds x ${runs} runs`);
report("engine Session", median(engineTimes));
report("ort.InferenceSession", median(directTimes));
console.log(`engine overhead: ${(((median(engineTimes) - median(directTimes)) / median(directTimes)) * 100).toFixed(1)}%`);

await engine.release();
await direct.release();
