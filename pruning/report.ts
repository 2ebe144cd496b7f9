// The pruning report, written beside the pruned weights as JSON (for tools) and Markdown (for
// people): settings, sparsity per layer measured on the saved file, held-out perplexity before
// and after, wall time per phase and peak memory.
import type { Perplexity } from "./evaluate";
import { formatBytes, formatSeconds } from "./monitor";
import { renderStructuredMarkdown, type StructuredSummary } from "./structured";

export const REPORT_JSON_FILE = "pruning-report.json";
export const REPORT_MARKDOWN_FILE = "pruning-report.md";

export interface LayerSparsityRow {
  block: number;
  layer: string; // q_proj, ..., down_proj
  name: string; // Hugging Face tensor name
  shape: number[]; // (out, in)
  zeros: number; // zeros in the saved tensor
  total: number;
  sparsity: number; // zeros / total
}

export interface TokenSetSummary {
  source: string; // file the windows were cut from
  sequences: number;
  seqLen: number; // tokens per sequence
  tokens: number; // sequences · seqLen
}

export interface PruningReport {
  createdAt: string; // UTC ISO instant
  base: string; // path of the base model
  output: string; // path of the pruned model folder
  method: string; // wanda, magnitude
  pattern: string; // unstructured, 2:4, 4:8, structured
  sparsity: number; // requested fraction of each row (N/M for N:M patterns); of the MLP channels for structured
  seed: number;
  calibration: TokenSetSummary | null; // null when the method uses none
  heldOut: TokenSetSummary | null; // null when no perplexity was measured
  perplexity: { dense: Perplexity; pruned: Perplexity } | null;
  layers: LayerSparsityRow[];
  totals: {
    prunableWeights: number; // weights of the seven linear layers of every block
    prunableZeros: number;
    prunableSparsity: number;
    modelParameters: number; // every tensor; a tied head counts once
    modelSparsity: number; // prunableZeros / modelParameters
  };
  phases: { phase: string; seconds: number }[];
  totalSeconds: number;
  peakRssBytes: number; // largest process.memoryUsage().rss sampled during the run
  wandaPlusPlus?: WandaPlusPlusSummary; // present when the method is Wanda++
  structured?: StructuredSummary; // present when the pattern is structured
}

/** Wanda++'s settings and the work of its gradient and optimization graphs. */
export interface WandaPlusPlusSummary {
  alpha: number;
  regionalOptimization: { learningRate: number; iterations: number; samplesPerIteration: number; batchSize: number; update: string; seed: number } | null;
  gradientGflops: number; // matrix-product GFLOPs of the regional gradient runs, an estimate from below
  gradientGflopsPerSecond: number;
  optimizationGflops: number; // matrix-product GFLOPs of the RMSprop steps, an estimate from below
  optimizationGflopsPerSecond: number;
  optimizationSteps: number;
  /** Per block, the mean reconstruction loss of each round's steps. [block][iteration] */
  iterationLosses: number[][];
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

function describeTokenSet(set: TokenSetSummary | null): string {
  return set === null ? "none" : `${set.sequences} × ${set.seqLen} tokens from ${set.source}`;
}

/** Renders the report as Markdown. */
export function renderReportMarkdown(report: PruningReport): string {
  const lines: string[] = [];
  lines.push(`# Pruning report`, "");
  lines.push(`| Setting | Value |`, `|---|---|`);
  lines.push(`| Base model | ${report.base} |`);
  lines.push(`| Pruned model | ${report.output} |`);
  lines.push(`| Method | ${report.method} |`);
  lines.push(`| Pattern | ${report.pattern} |`);
  const sparsityOf = report.structured === undefined ? "each row of every linear layer" : "the MLP channels of every block";
  lines.push(`| Requested sparsity | ${percent(report.sparsity)} of ${sparsityOf} |`);
  lines.push(`| Calibration | ${describeTokenSet(report.calibration)} |`);
  lines.push(`| Held-out set | ${describeTokenSet(report.heldOut)} |`);
  lines.push(`| Seed | ${report.seed} |`);
  lines.push(`| Created | ${report.createdAt} |`, "");

  lines.push(`## Held-out perplexity`, "");
  if (report.perplexity === null) {
    lines.push("Not measured (no held-out sequences).", "");
  } else {
    const { dense, pruned } = report.perplexity;
    lines.push(`| Model | Mean NLL (nats/token) | Perplexity | Predictions |`, `|---|---|---|---|`);
    lines.push(`| Dense | ${dense.meanNll.toFixed(4)} | ${dense.perplexity.toFixed(3)} | ${dense.predictionCount} |`);
    lines.push(`| Pruned | ${pruned.meanNll.toFixed(4)} | ${pruned.perplexity.toFixed(3)} | ${pruned.predictionCount} |`);
    lines.push("", `The mean NLL rose by ${(pruned.meanNll - dense.meanNll).toFixed(4)} nats per token.`, "");
  }

  const { totals } = report;
  lines.push(`## Sparsity, measured on the saved weights`, "");
  lines.push(
    `${totals.prunableZeros} of ${totals.prunableWeights} linear-layer weights are zero (${percent(totals.prunableSparsity)}), ` +
      `${percent(totals.modelSparsity)} of all ${totals.modelParameters} parameters.`,
    "",
  );
  lines.push(`| Block | Layer | Shape (out, in) | Zeros | Sparsity |`, `|---|---|---|---|---|`);
  for (const row of report.layers) lines.push(`| ${row.block} | ${row.layer} | ${row.shape.join(" × ")} | ${row.zeros} / ${row.total} | ${percent(row.sparsity)} |`);
  lines.push("");

  lines.push(`## Time and memory`, "");
  lines.push(`| Phase | Wall time |`, `|---|---|`);
  for (const { phase, seconds } of report.phases) lines.push(`| ${phase} | ${formatSeconds(seconds)} |`);
  lines.push(`| Total | ${formatSeconds(report.totalSeconds)} |`, "");
  lines.push(`Peak resident memory: ${formatBytes(report.peakRssBytes)}.`, "");
  if (report.wandaPlusPlus !== undefined) lines.push(...renderWandaPlusPlus(report.wandaPlusPlus));
  if (report.structured !== undefined) lines.push(...renderStructuredMarkdown(report.structured));
  return lines.join("\n");
}

function renderWandaPlusPlus(summary: WandaPlusPlusSummary): string[] {
  const lines = [`## Wanda++`, ""];
  const optimization = summary.regionalOptimization;
  lines.push(`Score (α·G + ‖X‖₂)·|W| with α = ${summary.alpha}.`);
  lines.push(
    optimization === null
      ? "No regional optimization."
      : `Regional optimization: ${optimization.iterations} iterations of ${optimization.samplesPerIteration} samples, ${optimization.batchSize} per RMSprop step, learning rate ${optimization.learningRate}, update ${optimization.update}; ${summary.optimizationSteps} steps in all.`,
  );
  lines.push("", `| Graph | GFLOPs (matrix products) | GFLOP/s |`, `|---|---|---|`);
  lines.push(`| Regional gradients | ${summary.gradientGflops.toFixed(2)} | ${summary.gradientGflopsPerSecond.toFixed(1)} |`);
  if (optimization !== null) lines.push(`| Regional optimization | ${summary.optimizationGflops.toFixed(2)} | ${summary.optimizationGflopsPerSecond.toFixed(1)} |`);
  lines.push("");
  if (summary.iterationLosses.length > 0) {
    lines.push(`| Block | Mean reconstruction loss per iteration |`, `|---|---|`);
    summary.iterationLosses.forEach((losses, block) => lines.push(`| ${block} | ${losses.map((loss) => loss.toExponential(3)).join(", ")} |`));
    lines.push("");
  }
  return lines;
}
