// Measures training throughput of the from-scratch trainer's step: forward and backward on
// onnxruntime, gradient clipping and the AdamW update in typed-array loops. Prints tokens/s and
// what a 30-minute budget buys. It also prints the process CPU time per step. With --threads 1 on a
// machine that other processes share, CPU time estimates the wall time the step takes on an idle core.
//
// npx tsx test/train/bench-train.ts [--batch 8] [--seq 128] [--threads 2] [--steps 6] [--hidden 192]
//   [--layers 6] [--heads 6] [--kv-heads 2] [--intermediate 512] [--vocab 2048] [--budget-minutes 30]
import os from "node:os";
import { parseArgs } from "node:util";
import type { LlamaConfig } from "../../lib/model/config";
import { modelWeightFeeds } from "../../lib/model/onnx-causal-lm";
import { parameterCount } from "../../lib/model/weights";
import { AdamW, clipScale, globalGradientNorm } from "../../lib/train/adamw";
import { sampleWindows } from "../../lib/train/batches";
import { initializeModel } from "../../lib/train/init";
import { Objective } from "../../lib/train/loss-gradient";
import { seededRandom } from "../../lib/train/random";

const { values } = parseArgs({
  options: {
    batch: { type: "string", default: "8" },
    seq: { type: "string", default: "128" },
    threads: { type: "string", default: String(os.availableParallelism()) },
    steps: { type: "string", default: "6" },
    hidden: { type: "string", default: "192" },
    layers: { type: "string", default: "6" },
    heads: { type: "string", default: "6" },
    "kv-heads": { type: "string", default: "2" },
    intermediate: { type: "string", default: "512" },
    vocab: { type: "string", default: "2048" },
    "budget-minutes": { type: "string", default: "30" },
  },
});
const number = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} ${values[name]} is invalid; expected a positive number`);
  return value;
};

const batchSize = number("batch");
const seqLen = number("seq");
const hidden = number("hidden");
const heads = number("heads");
const config: LlamaConfig = {
  architecture: "LlamaForCausalLM",
  hiddenSize: hidden,
  intermediateSize: number("intermediate"),
  numHiddenLayers: number("layers"),
  numAttentionHeads: heads,
  numKeyValueHeads: number("kv-heads"),
  headDim: hidden / heads,
  vocabSize: number("vocab"),
  maxPositionEmbeddings: Math.max(seqLen, 512),
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  tieWordEmbeddings: true,
  qkvBias: false,
  ropeLayout: "half-split",
  bosTokenId: 1,
  eosTokenIds: [2],
  otherFields: {},
};

const model = initializeModel(config, { seed: 1 });
const random = seededRandom(2);
const tokens = Int32Array.from({ length: 200_000 }, () => Math.floor(random() * config.vocabSize));
const parameters = new Map([...model.tensors].map(([name, tensor]) => [name, { shape: tensor.shape, data: tensor.data }]));
const optimizer = new AdamW(parameters);
const feeds = modelWeightFeeds(model);

console.log(
  `config: hidden ${hidden}, layers ${config.numHiddenLayers}, heads ${heads}/${config.numKeyValueHeads} kv, ` +
    `intermediate ${config.intermediateSize}, vocab ${config.vocabSize}: ${(parameterCount(model) / 1e6).toFixed(2)}M parameters`,
);
console.log(`batch ${batchSize} × seq ${seqLen} = ${batchSize * seqLen} tokens per step, intraOpNumThreads ${values.threads}, ${os.cpus().length} CPUs`);

const buildStart = performance.now();
const objective = await Objective.create(config, { intraOpNumThreads: number("threads") });
console.log(`graph build and session load: ${((performance.now() - buildStart) / 1000).toFixed(2)} s`);

const steps = number("steps");
const timings = { gradients: [] as number[], clip: [] as number[], update: [] as number[], cpu: [] as number[] };
for (let step = 0; step <= steps; step++) {
  const batch = sampleWindows(tokens, batchSize, seqLen, random);
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const { loss, gradients } = await objective.lossAndGradients(batch, feeds);
  const t1 = performance.now();
  const norm = globalGradientNorm(gradients.values());
  const t2 = performance.now();
  optimizer.step(gradients, 1e-3, clipScale(norm, 1));
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  if (step === 0) {
    console.log(`warm-up step: ${(t1 - t0).toFixed(0)} ms, loss ${loss.toFixed(4)} (ln V = ${Math.log(config.vocabSize).toFixed(4)})`);
    continue;
  }
  timings.gradients.push(t1 - t0);
  timings.clip.push(t2 - t1);
  timings.update.push(t3 - t2);
  timings.cpu.push((cpu.user + cpu.system) / 1000);
}
await objective.release();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gradientsMs = median(timings.gradients);
const clipMs = median(timings.clip);
const updateMs = median(timings.update);
const stepMs = gradientsMs + clipMs + updateMs;
const tokensPerSecond = (batchSize * seqLen) / (stepMs / 1000);
const cpuMs = median(timings.cpu);
const budgetSeconds = number("budget-minutes") * 60;
console.log(`median of ${steps} steps: forward+backward ${gradientsMs.toFixed(1)} ms, gradient norm ${clipMs.toFixed(1)} ms, AdamW with clipping ${updateMs.toFixed(1)} ms`);
console.log(`optimizer share of a step: ${(((clipMs + updateMs) / stepMs) * 100).toFixed(1)}%`);
console.log(`throughput: ${Math.round(tokensPerSecond).toLocaleString("en-US")} tokens/s`);
console.log(
  `CPU time per step: ${cpuMs.toFixed(1)} ms (${Math.round((batchSize * seqLen) / (cpuMs / 1000)).toLocaleString("en-US")} tokens per CPU-second); ` +
    `load average ${os.loadavg()[0]!.toFixed(2)}`,
);
console.log(
  `${values["budget-minutes"]} minutes: about ${Math.floor(budgetSeconds / (stepMs / 1000)).toLocaleString("en-US")} steps, ` +
    `${((tokensPerSecond * budgetSeconds) / 1e6).toFixed(1)}M tokens (estimate from these steps, without evaluation or checkpoints)`,
);
