/**
 * Builds the copilot corpus and trains its tokenizer:
 *
 *   npx tsx lib/copilot/corpus/cli.ts [--out data/copilot] [--seed 1] [--questions 60000] [--vocab-size 2048]
 *
 * Writes OUT/corpus/train.jsonl and heldout.jsonl (one JSON object per line: kind,
 * text), OUT/corpus/eval.jsonl (question, prompt, expected call text) and
 * OUT/tokenizer/tokenizer.json with tokenizer_config.json.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { trainBpe, writeBpeTokenizer } from "../../model/bpe-train";
import { writeFileAtomically } from "../../model/files";
import { buildCorpus } from "./build";
import { callText } from "./calls";
import { EVAL_QUESTIONS } from "./eval-questions";
import { END_TOKEN, PAD_TOKEN, SPECIAL_TOKENS, questionPrompt } from "./prompt";

const USAGE = `Usage: npx tsx lib/copilot/corpus/cli.ts [options]

Options:
  --out DIR          output folder (default data/copilot)
  --seed N           seed of every random stream (default 1)
  --questions N      question documents in the training set (default 60000)
  --vocab-size N     tokenizer ids including 256 bytes and 5 special tokens (default 2048)
  --help             show this message`;

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`Invalid ${option} "${value}": expected a positive integer.\n\n${USAGE}`);
  return number;
}

async function writeLines(file: string, rows: unknown[]): Promise<void> {
  const text = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
  await writeFileAtomically(file, async (handle) => {
    await handle.writeFile(text, "utf8");
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "data/copilot" },
      seed: { type: "string", default: "1" },
      questions: { type: "string", default: "60000" },
      "vocab-size": { type: "string", default: "2048" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = positiveInteger(values.seed, "--seed");
  const questionCount = positiveInteger(values.questions, "--questions");
  const vocabSize = positiveInteger(values["vocab-size"], "--vocab-size");
  const corpusFolder = path.join(values.out, "corpus");
  const tokenizerFolder = path.join(values.out, "tokenizer");
  await fs.mkdir(corpusFolder, { recursive: true });

  let started = performance.now();
  const corpus = buildCorpus({ seed, questionCount });
  const bytes = corpus.train.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0);
  await writeLines(path.join(corpusFolder, "train.jsonl"), corpus.train);
  await writeLines(path.join(corpusFolder, "heldout.jsonl"), corpus.heldOut);
  await writeLines(
    path.join(corpusFolder, "eval.jsonl"),
    EVAL_QUESTIONS.map(({ question, call }) => ({ question, prompt: questionPrompt(question), call: callText(call) })),
  );
  const { question, glossary, answer } = corpus.characters;
  console.log(
    `Corpus: ${corpus.train.length} training documents (${(bytes / 1e6).toFixed(1)} MB; characters: questions ${question}, glossary ${glossary}, answers ${answer}), ` +
      `${corpus.heldOut.length} held out, ${EVAL_QUESTIONS.length} eval questions, in ${((performance.now() - started) / 1000).toFixed(1)} s → ${corpusFolder}`,
  );

  started = performance.now();
  const vocabulary = trainBpe(
    corpus.train.map((document) => document.text),
    {
      vocabSize,
      specialTokens: SPECIAL_TOKENS,
      onProgress: ({ merges, maxMerges, seconds }) => process.stdout.write(`\rTokenizer: ${merges}/${maxMerges} merges, ${seconds.toFixed(1)} s`),
    },
  );
  await writeBpeTokenizer(tokenizerFolder, vocabulary, { eosToken: END_TOKEN, padToken: PAD_TOKEN });
  process.stdout.write("\n");
  console.log(
    `Tokenizer: ${vocabulary.tokens.length} ids (${vocabulary.merges.length} merges) from ${vocabulary.distinctPieces} distinct pieces, ` +
      `trained in ${vocabulary.seconds.toFixed(1)} s, written in ${((performance.now() - started) / 1000).toFixed(1)} s → ${tokenizerFolder}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
