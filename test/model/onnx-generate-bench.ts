// Measures greedy decoding speed of the KV-cache generator: stories260K (when the fixture is
// present) and a randomly initialized ~3M-parameter config, at 1 and 2 onnxruntime threads. Also
// prints CPU-time tokens/s, which estimates an idle core's speed when other processes share the machine.
//
// npx tsx test/model/onnx-generate-bench.ts [--new-tokens 128] [--prompt 16] [--rounds 3]
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import type { LlamaConfig } from "../../lib/model/config";
import { Generator } from "../../lib/model/generate";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import { parameterCount, type LlamaModel } from "../../lib/model/weights";
import { initializeModel } from "../../lib/train/init";
import { STORIES_BIN } from "./helpers";

const { values } = parseArgs({
  options: {
    "new-tokens": { type: "string", default: "128" },
    prompt: { type: "string", default: "16" },
    rounds: { type: "string", default: "3" },
  },
});
const newTokens = Number(values["new-tokens"]);
const promptLength = Number(values.prompt);
const rounds = Number(values.rounds);

/** The ~3M-parameter shape the trainer benchmark uses. */
const smallCopilotConfig: LlamaConfig = {
  architecture: "LlamaForCausalLM",
  hiddenSize: 192,
  intermediateSize: 512,
  numHiddenLayers: 6,
  numAttentionHeads: 6,
  numKeyValueHeads: 2,
  headDim: 32,
  vocabSize: 2048,
  maxPositionEmbeddings: 512,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  tieWordEmbeddings: true,
  qkvBias: false,
  ropeLayout: "half-split",
  bosTokenId: 1,
  eosTokenIds: [2],
  otherFields: {},
};

const models: [string, LlamaModel][] = [];
if (fs.existsSync(STORIES_BIN)) models.push(["stories260K", await importLlama2cCheckpoint(STORIES_BIN)]);
else console.log(`stories260K skipped: no fixture at ${STORIES_BIN}`);
models.push(["3M config (random weights)", initializeModel(smallCopilotConfig, { seed: 1 })]);

for (const [name, model] of models) {
  for (const threads of [1, 2]) {
    const generator = await Generator.create(model, { intraOpNumThreads: threads });
    const prompt = Array.from({ length: promptLength }, (_, i) => 1 + ((i * 37) % (model.config.vocabSize - 1)));
    await generator.generate(prompt, { maxNewTokens: 8, stopTokenIds: [] }); // warm-up
    let best = { prefillMs: Infinity, decodeTokensPerSecond: 0, cpuTokensPerSecond: 0 };
    for (let round = 0; round < rounds; round++) {
      const cpuStart = process.cpuUsage();
      const result = await generator.generate(prompt, { maxNewTokens: newTokens, stopTokenIds: [] });
      const cpu = process.cpuUsage(cpuStart);
      const decodeTokensPerSecond = (result.tokenIds.length - 1) / (result.decodeMs / 1000);
      const cpuTokensPerSecond = result.tokenIds.length / ((cpu.user + cpu.system) / 1e6);
      best = {
        prefillMs: Math.min(best.prefillMs, result.prefillMs),
        decodeTokensPerSecond: Math.max(best.decodeTokensPerSecond, decodeTokensPerSecond),
        cpuTokensPerSecond: Math.max(best.cpuTokensPerSecond, cpuTokensPerSecond),
      };
    }
    await generator.release();
    console.log(
      `${name}, ${(parameterCount(model) / 1e6).toFixed(2)}M parameters, ${threads} thread(s): prefill of ${promptLength} tokens ` +
        `${best.prefillMs.toFixed(1)} ms, decoding ${Math.round(best.decodeTokensPerSecond)} tokens/s, ` +
        `${Math.round(best.cpuTokensPerSecond)} tokens per CPU-second (best of ${rounds} rounds of ${newTokens} tokens; load average ${os.loadavg()[0]!.toFixed(2)})`,
    );
  }
}
