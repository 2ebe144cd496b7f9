/**
 * `npm run copilot:eval`: tool-call accuracy and question-to-answer latency of a copilot
 * model on the hand-written evaluation questions (lib/copilot/corpus/eval-questions.ts),
 * against the demo seller in a temporary database unless --database is given.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { loadDemoIfEmpty } from "../demo/load-demo";
import type { MarketplaceCode } from "../marketplace";
import { EVAL_QUESTIONS, type EvalQuestion } from "./corpus/eval-questions";
import { generateQuestions } from "./corpus/questions";
import { evaluateCopilot, mergeNames, namesInQuestions, type Distribution } from "./evaluate";
import { loadSellerNames } from "./execute";
import { Copilot, DEFAULT_CONFIDENCE_THRESHOLD, resolveModelFolder } from "./service";

const USAGE = `Usage: npm run copilot:eval -- [options]

Asks every evaluation question (${EVAL_QUESTIONS.length}, written apart from the training templates) through
the copilot with constrained decoding, runs each call against the analytics, and prints the
share of calls equal to the expected call and the question-to-answer latency.

Options:
  --model DIR        model folder (default: models/seller-pruned, else models/seller-base)
  --database FILE    seller database to answer from (default: a temporary one with the demo seller)
  --limit N          ask only the first N questions (default: all)
  --generated N      ask N questions from the training templates instead, drawn with --seed
                     (a stream the training corpus does not use), e.g. to choose a confidence
                     threshold without looking at the evaluation questions
  --seed N           seed of --generated (default 4242)
  --threshold P      confidence under which an answer is flagged as unsure (default ${DEFAULT_CONFIDENCE_THRESHOLD})
  --json FILE        also write every outcome and the summary as JSON
  --verbose          print every question with its call
  --help             show this message
`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        model: { type: "string" },
        database: { type: "string" },
        limit: { type: "string" },
        generated: { type: "string" },
        seed: { type: "string" },
        threshold: { type: "string" },
        json: { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`Error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const limit = values.limit === undefined ? EVAL_QUESTIONS.length : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write(`Error: --limit "${values.limit}" is not a positive integer.\n\n${USAGE}`);
    return 2;
  }

  const generated = values.generated === undefined ? null : Number(values.generated);
  const seed = values.seed === undefined ? 4242 : Number(values.seed);
  const threshold = values.threshold === undefined ? DEFAULT_CONFIDENCE_THRESHOLD : Number(values.threshold);
  if (generated !== null && (!Number.isInteger(generated) || generated < 1)) {
    process.stderr.write(`Error: --generated "${values.generated}" is not a positive integer.\n\n${USAGE}`);
    return 2;
  }
  // The corpus uses seed 1 for training questions and 1 + 7919 for held-out ones.
  if (!Number.isInteger(seed) || seed < 2 || seed === 7920) {
    process.stderr.write(`Error: --seed "${values.seed}" must be an integer of 2 or more other than 7920, the seeds the training corpus uses.\n\n${USAGE}`);
    return 2;
  }
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    process.stderr.write(`Error: --threshold "${values.threshold}" must be a number from 0 to 1.\n\n${USAGE}`);
    return 2;
  }

  let temporary: string | null = null;
  if (values.database !== undefined) {
    if (!fs.existsSync(values.database)) {
      process.stderr.write(`Error: the database ${values.database} does not exist.\n`);
      return 2;
    }
    process.env.SELLER_DB_FILE = path.resolve(values.database);
  } else {
    temporary = fs.mkdtempSync(path.join(os.tmpdir(), "copilot-eval-"));
    process.env.SELLER_DB_FILE = path.join(temporary, "seller.db");
  }

  try {
    await migrateDatabase();
    if (temporary !== null) {
      const demo = await loadDemoIfEmpty({});
      if (demo.loaded) console.log(`Demo seller loaded: ${demo.firstDay} to ${demo.lastDay}, ${demo.rowsImported} rows.`);
    }
    const folder = values.model === undefined ? resolveModelFolder() : path.resolve(values.model);
    const loadStarted = performance.now();
    const copilot = await Copilot.load(folder);
    console.log(`Model ${folder} loaded in ${(performance.now() - loadStarted).toFixed(0)} ms.`);

    const marketplace: MarketplaceCode = "US";
    const questions: readonly EvalQuestion[] = generated === null ? EVAL_QUESTIONS.slice(0, limit) : generateQuestions(generated, { seed });
    // The questions name SKUs and campaigns the demo seller may not have; the constraint allows both.
    const names = mergeNames(loadSellerNames(marketplace), namesInQuestions(questions));
    const { outcomes, summary } = await evaluateCopilot(copilot, questions, {
      marketplace,
      names,
      confidenceThreshold: threshold,
      onOutcome: (outcome, index) => {
        if (values.verbose) {
          console.log(`${outcome.exact ? "ok  " : "MISS"} ${(outcome.confidence * 100).toFixed(0).padStart(3)}% ${outcome.question}\n       got      ${outcome.got}${outcome.exact ? "" : `\n       expected ${outcome.expected}`}`);
        } else if ((index + 1) % 25 === 0) {
          console.log(`${index + 1} of ${questions.length} questions asked`);
        }
      },
    });
    await copilot.release();

    const percent = (part: number, whole: number) => `${part}/${whole} (${((100 * part) / Math.max(1, whole)).toFixed(1)}%)`;
    const ms = (d: Distribution) => `median ${d.median.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, max ${d.max.toFixed(1)} ms`;
    console.log("");
    console.log(`Model: ${path.relative(process.cwd(), folder) || folder}; ${generated === null ? `${questions.length} evaluation questions` : `${questions.length} generated questions, seed ${seed}`}`);
    console.log(`Exact tool calls: ${percent(summary.exact, summary.questions)}`);
    console.log(`Right tool (and reason for unsupported): ${percent(summary.toolMatches, summary.questions)}`);
    for (const [tool, entry] of Object.entries(summary.byTool)) console.log(`  ${tool.padEnd(16)} ${percent(entry.exact, entry.questions)}`);
    const { confident, unsure } = summary.confidence;
    console.log(`Confidence >= ${summary.confidence.threshold}: ${percent(confident.exact, confident.questions)} exact; below: ${percent(unsure.exact, unsure.questions)} exact`);
    console.log(`Question to answer: ${ms(summary.latencyMs)}`);
    console.log(`  of which decoding: ${ms(summary.generateMs)}`);
    if (values.json !== undefined) {
      fs.writeFileSync(values.json, `${JSON.stringify({ model: folder, summary, outcomes }, null, 2)}\n`);
      console.log(`Wrote ${values.json}`);
    }
    return 0;
  } finally {
    await closeDatabase();
    if (temporary !== null) fs.rmSync(temporary, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
