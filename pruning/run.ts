// A whole pruning run, as the CLI starts it: load the base model, read calibration and held-out
// windows, measure the dense perplexity, prune block by block, measure again, and write the
// pruned model folder with its report.
import fs from "node:fs/promises";
import path from "node:path";
import { saveModel } from "../lib/model/checkpoint";
import { exportServingModel } from "../lib/model/onnx-causal-lm";
import { checkTokenizerFitsModel, loadTokenizer, TOKENIZER_FILE, type TextTokenizer } from "../lib/model/tokenizer";
import { parameterCount, type LlamaModel } from "../lib/model/weights";
import { resolveDatabaseFile } from "../lib/db/path";
import { checkTokenIds, readTokenDocuments, sampleWindows, type TokenDocuments } from "./calibration";
import { PruningError } from "./errors";
import { heldOutPerplexity, type Perplexity } from "./evaluate";
import { LINEAR_LAYERS, linearWeightName } from "./layers";
import { effectiveSparsity, parsePattern, patternName } from "./mask";
import { copyCompanionFiles, loadBaseModel, measureSavedSparsity, writeFolderAtomically } from "./model-folder";
import { BlockProgress, formatBytes, formatSeconds, RunMonitor } from "./monitor";
import { checkPatternFitsModel, pruneModel } from "./prune";
import { renderReportMarkdown, REPORT_JSON_FILE, REPORT_MARKDOWN_FILE, type LayerSparsityRow, type PruningReport, type TokenSetSummary, type WandaPlusPlusSummary } from "./report";
import { readSellerCalibration, SELLER_CALIBRATION } from "./seller-calibration";
import { scorerFor, type PruningMethod, type Scorer } from "./scorer";
import {
  checkStructuredRequest,
  DEFAULT_STRUCTURED_RUN_OPTIONS,
  planStructuredPruning,
  pruneModelStructured,
  regionalBlockOptimizer,
  STRUCTURED_PATTERN,
  structuredRequestOf,
  summarizeStructured,
  type StructuredRunOptions,
  type StructuredSummary,
} from "./structured";
import { checkWandaPlusPlusOptions, DEFAULT_ALPHA, DEFAULT_REGIONAL_OPTIMIZATION, WandaPlusPlusScorer, type WandaPlusPlusOptions } from "./wanda-plus-plus";

export interface PruningRunOptions {
  base: string; // model folder or llama2.c .bin file
  out: string; // folder to create
  method: PruningMethod;
  /** Overrides the method's scorer; `method` then only names the run. */
  scorer?: Scorer;
  /** Wanda++'s α and regional optimization settings, for method "wanda++"; default α = 100 and DEFAULT_REGIONAL_OPTIMIZATION. */
  wandaPlusPlus?: Omit<WandaPlusPlusOptions, "session">;
  sparsity: number; // in (0, 1); with pattern "structured", the fraction of MLP channels removed, in [0, 1)
  pattern: string; // unstructured, 2:4, 4:8 or structured
  /** With pattern "structured": the heads to remove and how units are scored; default DEFAULT_STRUCTURED_RUN_OPTIONS. */
  structured?: StructuredRunOptions;
  calibration: string | null; // calibration file; required when the scorer uses input norms
  eval: string | null; // held-out file; null to hold out windows of the calibration file
  samples: number; // calibration windows
  seqLen: number; // tokens per window
  evalSamples: number; // held-out windows; 0 skips the perplexity measurement
  seed: number;
  tokenizer: string | null; // folder or tokenizer.json for text files; null: the base folder's, if any
  batchSize: number; // sequences per onnxruntime run
  threads: number | null; // onnxruntime intra-op threads; null: onnxruntime's default
  overwrite: boolean; // replace an existing output folder
  /** Seller database for `calibration: "seller-db"`; default SELLER_DB_FILE or data/seller.db. */
  database?: string;
  /** Marketplace code whose data calibrates with `calibration: "seller-db"`; default all. */
  marketplace?: string;
  log: (line: string) => void;
}

const MAX_SEED = 2 ** 32 - 1;

/** The ONNX export written beside the pruned checkpoint. */
export const ONNX_FILE = "model.onnx";

/** Throws a PruningError naming the first numeric option out of range. */
export function checkRunOptions(options: PruningRunOptions): void {
  const integer = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new PruningError(`${name} ${value} is invalid; expected an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}.`);
    }
  };
  integer("The sample count", options.samples, 1);
  integer("The sequence length", options.seqLen, 2);
  integer("The held-out sample count", options.evalSamples, 0);
  integer("The seed", options.seed, 0, MAX_SEED);
  integer("The batch size", options.batchSize, 1);
  if (options.threads !== null) integer("The thread count", options.threads, 1);
  if (options.pattern === STRUCTURED_PATTERN) checkStructuredRequest(structuredRequestOf(options.sparsity, { ...DEFAULT_STRUCTURED_RUN_OPTIONS, ...options.structured }));
  else effectiveSparsity(parsePattern(options.pattern), options.sparsity);
  if (options.wandaPlusPlus !== undefined) checkWandaPlusPlusOptions(options.wandaPlusPlus);
}

/** Runs the whole pruning job and returns its report, which is also written into the output folder. */
export async function runPruning(options: PruningRunOptions): Promise<PruningReport> {
  checkRunOptions(options);
  const { log } = options;
  const structuredOptions = { ...DEFAULT_STRUCTURED_RUN_OPTIONS, ...options.structured };
  const structured = options.pattern === STRUCTURED_PATTERN ? structuredRequestOf(options.sparsity, structuredOptions) : null;
  const pattern = structured === null ? parsePattern(options.pattern) : null;
  const sparsity = pattern === null ? options.sparsity : effectiveSparsity(pattern, options.sparsity);
  const session = options.threads === null ? {} : { intraOpNumThreads: options.threads };
  const wandaPlusPlus = { alpha: DEFAULT_ALPHA, regionalOptimization: { ...DEFAULT_REGIONAL_OPTIMIZATION, seed: options.seed }, ...options.wandaPlusPlus, session };
  const scorer = options.scorer ?? scorerFor(options.method, wandaPlusPlus);
  const monitor = new RunMonitor();
  monitor.start();

  try {
    const { model, format } = await monitor.phase("load base model", () => loadBaseModel(options.base));
    const { config } = model;
    log(`Loaded ${options.base}: ${config.numHiddenLayers} blocks, hidden size ${config.hiddenSize}, ${parameterCount(model)} parameters.`);
    if (pattern !== null) checkPatternFitsModel(model, pattern);
    if (structured !== null) planStructuredPruning(config, structured);
    if (options.seqLen > config.maxPositionEmbeddings) {
      throw new PruningError(`The sequence length ${options.seqLen} exceeds the model's max_position_embeddings ${config.maxPositionEmbeddings}; lower it.`);
    }

    const sets = await monitor.phase("read calibration data", () => readTokenSets(options, model, scorer, format));
    let perplexity: { dense: Perplexity; pruned: Perplexity } | null = null;
    const evaluate = (label: string) => async () => {
      const result = await heldOutPerplexity(model, sets.heldOut, { batchSize: options.batchSize, session });
      log(`${label} model: held-out mean NLL ${result.meanNll.toFixed(4)} nats/token, perplexity ${result.perplexity.toFixed(3)} (${result.predictionCount} predictions).`);
      return result;
    };
    const dense = sets.heldOut.length > 0 ? await monitor.phase("evaluate dense model", evaluate("Dense")) : null;

    const progress = new BlockProgress(config.numHiddenLayers);
    const onProgress = ({ block, phase }: { block: number; phase: string }) => log(progress.describe(block, phase));
    const onPhaseTime = (phase: string, seconds: number) => monitor.addTime(`prune: ${phase}`, seconds);
    let structuredSummary: StructuredSummary | null = null;
    if (structured !== null) {
      // Wanda++'s regional optimization runs on each smaller block; its totals go to the scorer's report.
      // NOTE: the Wanda++ scorer's prepareBlock also runs the dense block for its own optimizeBlock,
      // which structured pruning does not call, so that forward pass is spent for nothing.
      const settings = scorer instanceof WandaPlusPlusScorer ? scorer.options.regionalOptimization : null;
      const optimizer = settings === null ? null : regionalBlockOptimizer(settings, session, (scorer as WandaPlusPlusScorer).work);
      const request = { scorer, request: structured, unitScore: structuredOptions.unitScore, calibration: sets.calibration, batchSize: options.batchSize, optimizer, session };
      const result = await pruneModelStructured(model, { ...request, onProgress, onPhaseTime });
      structuredSummary = summarizeStructured(config, result, structuredOptions.unitScore, optimizer !== null);
      const { dense: before, pruned: after } = structuredSummary;
      log(
        `Structured: intermediate_size ${before.intermediateSize} → ${after.intermediateSize}, heads ${before.numAttentionHeads} → ${after.numAttentionHeads}, ` +
          `key/value heads ${before.numKeyValueHeads} → ${after.numKeyValueHeads}; ${parameterCount(model)} parameters.`,
      );
    } else {
      await pruneModel(model, {
        scorer,
        pattern: pattern!,
        sparsity,
        calibration: sets.calibration,
        batchSize: options.batchSize,
        session,
        onProgress,
        onPhaseTime,
      });
    }
    monitor.sampleMemory();

    if (dense !== null) perplexity = { dense, pruned: await monitor.phase("evaluate pruned model", evaluate("Pruned")) };

    let report: PruningReport | null = null;
    await writeFolderAtomically(
      options.out,
      async (folder) => {
        await monitor.phase("save model", async () => {
          await saveModel(folder, model);
          if (format === "folder") await copyCompanionFiles(options.base, folder);
        });
        const onnxBytes = await monitor.phase("export ONNX", () => exportServingModel(model, path.join(folder, ONNX_FILE)));
        log(`Wrote ${ONNX_FILE} (${formatBytes(onnxBytes)}): the decoder with its KV cache inputs and outputs, for any onnxruntime.`);
        const layers = await monitor.phase("measure saved sparsity", () => measureLayerSparsity(folder, model));
        // Structured pruning leaves no zeros to count, only smaller shapes, which the report lists.
        if (structured === null) {
          for (let block = 0; block < config.numHiddenLayers; block++) {
            const rows = layers.filter((row) => row.block === block);
            log(`Block ${block} saved sparsity: ${rows.map((row) => `${row.layer} ${(row.sparsity * 100).toFixed(2)}%`).join(", ")}.`);
          }
        }

        report = buildReport(options, { scorer, pattern: pattern === null ? STRUCTURED_PATTERN : patternName(pattern), sparsity, sets, perplexity, layers, model, monitor, structured: structuredSummary });
        await fs.writeFile(path.join(folder, REPORT_JSON_FILE), `${JSON.stringify(report, null, 2)}\n`);
        await fs.writeFile(path.join(folder, REPORT_MARKDOWN_FILE), renderReportMarkdown(report));
      },
      { overwrite: options.overwrite },
    );
    log(`Wrote ${options.out} in ${formatSeconds(monitor.elapsedSeconds())}; peak resident memory ${formatBytes(monitor.peakRssBytes())}.`);
    return report!;
  } finally {
    monitor.stop();
  }
}

interface TokenSets {
  calibration: number[][] | null; // (samples, seqLen)
  calibrationSummary: TokenSetSummary | null;
  heldOut: number[][]; // (evalSamples, seqLen), possibly empty
  heldOutSummary: TokenSetSummary | null;
}

async function readTokenSets(options: PruningRunOptions, model: LlamaModel, scorer: Scorer, baseFormat: "folder" | "llama2c"): Promise<TokenSets> {
  const { log, seqLen, seed } = options;
  if (options.calibration === null && scorer.usesInputNorms) {
    throw new PruningError(`Method ${scorer.method} needs calibration data; give --calibration seller-db (the seller database) or a file of token ids (.json) or text (.jsonl, .txt).`);
  }

  const tokenizer = await resolveTokenizer(options, model, baseFormat);
  const read = async (file: string): Promise<TokenDocuments> => {
    const documents = await readTokenDocuments(file, tokenizer);
    checkTokenIds(documents, model.config.vocabSize);
    return documents;
  };
  const summary = (source: string, sequences: number[][]): TokenSetSummary => ({ source, sequences: sequences.length, seqLen, tokens: sequences.length * seqLen });

  let calibration: number[][] | null = null;
  let heldOut: number[][] = [];
  let heldOutSource: string | null = null;
  if (options.calibration !== null) {
    let documents: TokenDocuments;
    if (options.calibration === SELLER_CALIBRATION) {
      if (tokenizer === null) throw new PruningError(`Calibration from the seller database needs a tokenizer; give --tokenizer or a base folder with tokenizer.json.`);
      const seller = readSellerCalibration(tokenizer, { databaseFile: options.database ?? resolveDatabaseFile(), seed, marketplace: options.marketplace });
      checkTokenIds(seller, model.config.vocabSize);
      log(`Seller calibration text: ${seller.counts.generatedAndCatalog} documents of questions with the seller's names, titles and search terms, ${seller.counts.asked} asked questions, ${seller.counts.glossary} glossary entries.`);
      documents = seller;
    } else {
      documents = await read(options.calibration);
    }
    const heldOutSamples = options.eval === null ? options.evalSamples : 0;
    const split = sampleWindows(documents, { samples: options.samples, heldOutSamples, seqLen, seed });
    calibration = split.calibration;
    heldOut = split.heldOut;
    heldOutSource = heldOutSamples > 0 ? options.calibration : null;
    log(`Calibration: ${calibration.length} windows of ${seqLen} tokens from ${options.calibration} (${split.windowCount} windows in ${split.tokenCount} tokens).`);
  }
  if (options.eval !== null && options.evalSamples > 0) {
    const split = sampleWindows(await read(options.eval), { samples: options.evalSamples, heldOutSamples: 0, seqLen, seed });
    heldOut = split.calibration;
    heldOutSource = options.eval;
  }
  if (heldOutSource !== null) log(`Held-out: ${heldOut.length} windows of ${seqLen} tokens from ${heldOutSource}.`);
  else log("Held-out perplexity is not measured: no held-out windows (give a calibration or eval file and a nonzero held-out sample count).");

  return {
    // A scorer without input norms runs no calibration data; the file still supplies the held-out windows.
    calibration: scorer.usesInputNorms ? calibration : null,
    calibrationSummary: scorer.usesInputNorms && calibration !== null ? summary(options.calibration!, calibration) : null,
    heldOut,
    heldOutSummary: heldOutSource === null ? null : summary(heldOutSource, heldOut),
  };
}

/** Loads the tokenizer that text calibration files need: the given one, else the base folder's, else none. */
async function resolveTokenizer(options: PruningRunOptions, model: LlamaModel, baseFormat: "folder" | "llama2c"): Promise<TextTokenizer | null> {
  let location = options.tokenizer;
  if (location === null && baseFormat === "folder") {
    const candidate = path.join(options.base, TOKENIZER_FILE);
    if (await fs.stat(candidate).then(() => true, () => false)) location = options.base;
  }
  if (location === null) return null;
  const tokenizer = await loadTokenizer(location);
  checkTokenizerFitsModel(tokenizer, model.config, location);
  return tokenizer;
}

async function measureLayerSparsity(folder: string, model: LlamaModel): Promise<LayerSparsityRow[]> {
  const layers = Array.from({ length: model.config.numHiddenLayers }, (_, block) => LINEAR_LAYERS.map((layer) => ({ block, layer, name: linearWeightName(layer, block) }))).flat();
  const measured = await measureSavedSparsity(folder, layers.map((layer) => layer.name));
  return layers.map((layer, index) => {
    const { shape, zeros, total } = measured[index]!;
    return { ...layer, shape, zeros, total, sparsity: zeros / total };
  });
}

interface ReportParts {
  scorer: Scorer;
  pattern: string;
  sparsity: number;
  sets: TokenSets;
  perplexity: { dense: Perplexity; pruned: Perplexity } | null;
  layers: LayerSparsityRow[];
  model: LlamaModel;
  monitor: RunMonitor;
  structured: StructuredSummary | null;
}

function buildReport(options: PruningRunOptions, parts: ReportParts): PruningReport {
  const prunableWeights = parts.layers.reduce((sum, row) => sum + row.total, 0);
  const prunableZeros = parts.layers.reduce((sum, row) => sum + row.zeros, 0);
  const modelParameters = parameterCount(parts.model);
  return {
    createdAt: new Date().toISOString(),
    base: options.base,
    output: options.out,
    method: parts.scorer.method,
    pattern: parts.pattern,
    sparsity: parts.sparsity,
    seed: options.seed,
    calibration: parts.sets.calibrationSummary,
    heldOut: parts.sets.heldOutSummary,
    perplexity: parts.perplexity,
    layers: parts.layers,
    totals: {
      prunableWeights,
      prunableZeros,
      prunableSparsity: prunableZeros / prunableWeights,
      modelParameters,
      modelSparsity: prunableZeros / modelParameters,
    },
    phases: parts.monitor.phases(),
    totalSeconds: parts.monitor.elapsedSeconds(),
    peakRssBytes: parts.monitor.peakRssBytes(),
    ...(parts.scorer instanceof WandaPlusPlusScorer ? { wandaPlusPlus: wandaPlusPlusSummary(parts.scorer) } : {}),
    ...(parts.structured === null ? {} : { structured: parts.structured }),
  };
}

function wandaPlusPlusSummary(scorer: WandaPlusPlusScorer): WandaPlusPlusSummary {
  const { work, options } = scorer;
  const rate = (flops: number, seconds: number) => (seconds > 0 ? flops / seconds : 0);
  return {
    alpha: options.alpha,
    regionalOptimization: options.regionalOptimization,
    gradientGflops: work.gradientFlops / 1e9,
    gradientGflopsPerSecond: rate(work.gradientFlops, work.gradientSeconds) / 1e9,
    optimizationGflops: work.optimizationFlops / 1e9,
    optimizationGflopsPerSecond: rate(work.optimizationFlops, work.optimizationSeconds) / 1e9,
    optimizationSteps: work.optimizationSteps,
    iterationLosses: work.iterationLosses,
  };
}
