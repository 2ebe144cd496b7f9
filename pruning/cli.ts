// Command line of the pruner:
//   npx tsx pruning/cli.ts --base <dir or llama2.c .bin> --out <dir> [options]
// Run with --help for every option, its default and its range.
import { parseArgs } from "node:util";
import { ModelFormatError } from "../lib/model/errors";
import { migrateDatabase } from "../lib/db/migrate";
import { pruneIfStale } from "./build-step";
import { PruningError } from "./errors";
import { PATTERN_NAMES } from "./mask";
import { RO_UPDATE_MODES, type RegionalUpdateMode } from "./regional-optimization";
import { runPruning, type PruningRunOptions } from "./run";
import { PRUNING_METHODS, type PruningMethod } from "./scorer";
import { DEFAULT_STRUCTURED_RUN_OPTIONS, HEAD_UNITS, STRUCTURED_PATTERN, UNIT_SCORES, type HeadUnit, type StructuredRunOptions, type UnitScoreKind } from "./structured";
import { DEFAULT_ALPHA, DEFAULT_RO_BATCH_SIZE, DEFAULT_RO_ITERATIONS, DEFAULT_RO_LEARNING_RATE, DEFAULT_RO_SAMPLES, DEFAULT_RO_UPDATE, type WandaPlusPlusOptions } from "./wanda-plus-plus";

interface OptionSpec {
  type: "string" | "boolean";
  value?: string; // placeholder in the usage message
  help: string;
  default?: string;
}

const OPTIONS: Record<string, OptionSpec> = {
  base: { type: "string", value: "PATH", help: "base model: a folder with config.json and model.safetensors, or a llama2.c .bin file (required)" },
  out: { type: "string", value: "DIR", help: "folder to create with the pruned model and its report (required)" },
  method: { type: "string", value: "NAME", help: `${PRUNING_METHODS.join(", ")}: score |W|·‖X‖₂, |W| (no calibration) or (α·G + ‖X‖₂)·|W| with regional optimization`, default: "wanda" },
  sparsity: {
    type: "string",
    value: "FRACTION",
    help: "fraction of each row of every linear layer to zero, in (0, 1); N:M patterns require N/M; structured: fraction of MLP channels removed from every block, in [0, 1)",
    default: "0.5",
  },
  pattern: {
    type: "string",
    value: "NAME",
    help: `${[...PATTERN_NAMES, STRUCTURED_PATTERN].join(", ")}; N:M zeroes N of every M consecutive input columns; structured removes whole MLP channels and heads, giving a smaller dense model`,
    default: "unstructured",
  },
  "head-sparsity": { type: "string", value: "FRACTION", help: "structured: fraction of query heads removed from every block, in [0, 1), rounded down to whole units", default: "0" },
  "head-unit": { type: "string", value: "UNIT", help: `structured: ${HEAD_UNITS.join(" or ")}; kv-group removes a key/value head with its query heads, query-head the same number of query heads from every group`, default: DEFAULT_STRUCTURED_RUN_OPTIONS.headUnit },
  "unit-score": { type: "string", value: "KIND", help: `structured: ${UNIT_SCORES.join(" or ")}; sum the scores of a unit's output weights (down_proj, o_proj columns) or of all its weights`, default: DEFAULT_STRUCTURED_RUN_OPTIONS.unitScore },
  calibration: { type: "string", value: "FILE", help: 'calibration data: "seller-db" (the seller database: questions with its SKUs and campaigns, titles, search terms, asked questions, glossary), token ids (.json, {"sequences": [[...]]}), JSON lines (.jsonl, "text" or "input_ids"), or plain text; required for wanda' },
  database: { type: "string", value: "FILE", help: "seller database for --calibration seller-db", default: "SELLER_DB_FILE, else data/seller.db" },
  marketplace: { type: "string", value: "CODE", help: "with --calibration seller-db, use only this marketplace's data (US, UK, DE, JP, ...)", default: "all" },
  eval: { type: "string", value: "FILE", help: "held-out data in the same formats", default: "windows of --calibration not used for calibration" },
  samples: { type: "string", value: "N", help: "calibration windows, 1 or more", default: "64" },
  "seq-len": { type: "string", value: "N", help: "tokens per window, 2 to the model's max_position_embeddings", default: "128" },
  "eval-samples": { type: "string", value: "N", help: "held-out windows for perplexity, 0 or more (0 skips it)", default: "32" },
  seed: { type: "string", value: "N", help: "seed of the window sampling, 0 to 4294967295", default: "0" },
  tokenizer: { type: "string", value: "PATH", help: "tokenizer folder or tokenizer.json for text data", default: "the base folder's tokenizer.json" },
  "batch-size": { type: "string", value: "N", help: "sequences per onnxruntime run, 1 or more", default: "8" },
  threads: { type: "string", value: "N", help: "onnxruntime threads per op, 1 or more", default: "onnxruntime's choice" },
  alpha: { type: "string", value: "NUMBER", help: "wanda++: weight α of the regional gradient G in the score, 0 or more", default: String(DEFAULT_ALPHA) },
  "ro-iterations": { type: "string", value: "N", help: "wanda++: regional optimization rounds per block, 0 or more (0: regional gradients only)", default: String(DEFAULT_RO_ITERATIONS) },
  "ro-samples": { type: "string", value: "N", help: "wanda++: calibration windows drawn per round, 1 or more (at most --samples are used)", default: String(DEFAULT_RO_SAMPLES) },
  "ro-lr": { type: "string", value: "NUMBER", help: "wanda++: RMSprop learning rate of regional optimization, above 0", default: String(DEFAULT_RO_LEARNING_RATE) },
  "ro-batch-size": { type: "string", value: "N", help: "wanda++: windows per RMSprop step, 1 or more", default: String(DEFAULT_RO_BATCH_SIZE) },
  "ro-update": { type: "string", value: "MODE", help: `wanda++: ${RO_UPDATE_MODES.join(" or ")}; kept steps only unpruned weights, all steps every weight and re-masks after`, default: DEFAULT_RO_UPDATE },
  overwrite: { type: "boolean", help: "replace --out if it exists" },
  quiet: { type: "boolean", help: "print errors only" },
  help: { type: "boolean", help: "print this message" },
};

export function usage(): string {
  const rows = Object.entries(OPTIONS).map(([name, spec]) => {
    const flag = `--${name}${spec.value === undefined ? "" : ` ${spec.value}`}`;
    const suffix = spec.default === undefined ? "" : ` (default: ${spec.default})`;
    return `  ${flag.padEnd(22)} ${spec.help}${suffix}`;
  });
  return [
    "Usage: npm run prune                               (the build step of npm start: models/seller-base",
    "                                                     pruned on the seller database into models/seller-pruned)",
    "       npm run prune -- --base PATH --out DIR [options]",
    "",
    "Prunes the q/k/v/o and gate/up/down projections of every decoder block of a LLaMA-family",
    "model (Wanda, magnitude or Wanda++), then writes the pruned model (config.json, model.safetensors)",
    "and a report (pruning-report.json, pruning-report.md) into DIR.",
    "",
    "Options:",
    ...rows,
    "",
  ].join("\n");
}

/** A command-line mistake: the message and the usage are printed, and the exit status is 2. */
class UsageError extends Error {}

function parseNumber(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${name} "${text}" is not a number.`);
  return value;
}

const WANDA_PLUS_PLUS_OPTIONS = ["alpha", "ro-iterations", "ro-samples", "ro-lr", "ro-batch-size", "ro-update"] as const;

/** Reads Wanda++'s options; --ro-iterations 0 turns regional optimization off. */
function wandaPlusPlusOptions(text: (name: string) => string | null, number: (name: string) => number): Omit<WandaPlusPlusOptions, "session"> {
  const iterations = number("ro-iterations");
  const update = text("ro-update") ?? DEFAULT_RO_UPDATE;
  if (!RO_UPDATE_MODES.includes(update as RegionalUpdateMode)) throw new UsageError(`--ro-update "${update}" is not supported; use ${RO_UPDATE_MODES.join(" or ")}.`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new UsageError(`--ro-iterations ${iterations} is invalid; expected an integer of 0 or more.`);
  return {
    alpha: number("alpha"),
    regionalOptimization:
      iterations === 0
        ? null
        : {
            learningRate: number("ro-lr"),
            iterations,
            samplesPerIteration: number("ro-samples"),
            batchSize: number("ro-batch-size"),
            update: update as RegionalUpdateMode,
            seed: number("seed"),
          },
  };
}

const STRUCTURED_OPTIONS = ["head-sparsity", "head-unit", "unit-score"] as const;

/** Reads the options of structured pruning; the ranges are checked with the run's options. */
function structuredOptions(text: (name: string) => string | null, number: (name: string) => number): StructuredRunOptions {
  const headUnit = text("head-unit") ?? DEFAULT_STRUCTURED_RUN_OPTIONS.headUnit;
  if (!HEAD_UNITS.includes(headUnit as HeadUnit)) throw new UsageError(`--head-unit "${headUnit}" is not supported; use ${HEAD_UNITS.join(" or ")}.`);
  const unitScore = text("unit-score") ?? DEFAULT_STRUCTURED_RUN_OPTIONS.unitScore;
  if (!UNIT_SCORES.includes(unitScore as UnitScoreKind)) throw new UsageError(`--unit-score "${unitScore}" is not supported; use ${UNIT_SCORES.join(" or ")}.`);
  return { headSparsity: number("head-sparsity"), headUnit: headUnit as HeadUnit, unitScore: unitScore as UnitScoreKind };
}

/** Converts the command-line arguments into run options; returns null for --help. */
export function parseCommandLine(args: readonly string[], log: (line: string) => void): PruningRunOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(Object.entries(OPTIONS).map(([name, spec]) => [name, { type: spec.type }])),
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) return null;

  const text = (name: string): string | null => (typeof values[name] === "string" ? (values[name] as string) : null);
  const number = (name: string): number => parseNumber(name, text(name) ?? OPTIONS[name]!.default!);
  const base = text("base");
  const out = text("out");
  if (base === null) throw new UsageError("--base is missing; give the model folder or llama2.c .bin file to prune.");
  if (out === null) throw new UsageError("--out is missing; give the folder to write the pruned model into.");
  const method = text("method") ?? OPTIONS.method!.default!;
  if (!PRUNING_METHODS.includes(method as PruningMethod)) throw new UsageError(`--method "${method}" is not supported; use ${PRUNING_METHODS.join(" or ")}.`);
  const threads = text("threads");
  const wandaPlusPlus = method === "wanda++" ? wandaPlusPlusOptions(text, number) : undefined;
  if (method !== "wanda++") {
    const stray = WANDA_PLUS_PLUS_OPTIONS.find((name) => text(name) !== null);
    if (stray !== undefined) throw new UsageError(`--${stray} applies only to --method wanda++, but the method is ${method}.`);
  }
  const pattern = text("pattern") ?? OPTIONS.pattern!.default!;
  const structured = pattern === STRUCTURED_PATTERN ? structuredOptions(text, number) : undefined;
  if (pattern !== STRUCTURED_PATTERN) {
    const stray = STRUCTURED_OPTIONS.find((name) => text(name) !== null);
    if (stray !== undefined) throw new UsageError(`--${stray} applies only to --pattern structured, but the pattern is ${pattern}.`);
  }

  return {
    base,
    out,
    method: method as PruningMethod,
    sparsity: number("sparsity"),
    pattern,
    calibration: text("calibration"),
    eval: text("eval"),
    samples: number("samples"),
    seqLen: number("seq-len"),
    evalSamples: number("eval-samples"),
    seed: number("seed"),
    tokenizer: text("tokenizer"),
    batchSize: number("batch-size"),
    threads: threads === null ? null : parseNumber("threads", threads),
    overwrite: values.overwrite === true,
    ...(wandaPlusPlus === undefined ? {} : { wandaPlusPlus }),
    ...(structured === undefined ? {} : { structured }),
    ...(text("database") === null ? {} : { database: text("database")! }),
    ...(text("marketplace") === null ? {} : { marketplace: text("marketplace")! }),
    log: values.quiet === true ? () => undefined : log,
  };
}

async function main(): Promise<number> {
  const log = (line: string) => process.stderr.write(`[prune] ${line}\n`);
  if (process.argv.length === 2) {
    // No options: the build step of `npm start`, run now whether or not the pruned model is stale.
    try {
      await migrateDatabase();
      await pruneIfStale({ force: true, log });
      return 0;
    } catch (error) {
      if (!(error instanceof PruningError || error instanceof ModelFormatError)) throw error;
      process.stderr.write(`Error: ${error.message}\n`);
      return 1;
    }
  }
  let options: PruningRunOptions | null;
  try {
    options = parseCommandLine(process.argv.slice(2), log);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`Error: ${error.message}\n\n${usage()}`);
    return 2;
  }
  if (options === null) {
    process.stdout.write(usage());
    return 0;
  }

  try {
    await runPruning(options);
    return 0;
  } catch (error) {
    // Input problems are reported by their message alone; anything else is a bug and keeps its stack.
    if (error instanceof PruningError || error instanceof ModelFormatError) {
      process.stderr.write(`Error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
