/**
 * Assembles the copilot's training corpus in the prompt format (prompt.ts): question
 * documents with their calls, glossary documents and answer documents, mixed by share
 * of characters. It also returns a held-out set of documents that are not in the
 * training set, for measuring perplexity, and builds calibration text from a seller's
 * own database for pruning.
 */
import type Database from "better-sqlite3";
import { Random } from "../../demo/random";
import { generateAnswers } from "./answers";
import { glossaryDocuments, workedExamples } from "./glossary";
import type { NamePool } from "./names";
import { containsSpecialToken, plainDocument, questionDocument } from "./prompt";
import { QuestionGenerator } from "./questions";

/** Shares of the training corpus's characters per kind of document; they need not sum to 1. */
export interface CorpusMix {
  questions: number;
  glossary: number;
  answers: number;
}

export const DEFAULT_MIX: CorpusMix = { questions: 0.7, glossary: 0.12, answers: 0.18 };

export interface CorpusOptions {
  seed?: number;
  /** Question documents in the training set (default 60,000); the other kinds are sized from them by `mix`. */
  questionCount?: number;
  mix?: CorpusMix;
  /** Share of the hand-written glossary documents kept out of training (default 0.1). */
  heldOutGlossaryShare?: number;
  /** Generated documents of each kind (questions, answers, worked examples) in the held-out set (default 400). */
  heldOutPerKind?: number;
  /** SKUs and campaign names for questions and answers; the demo seller's by default. */
  names?: NamePool;
}

export type DocumentKind = "question" | "glossary" | "answer";

export interface CorpusDocument {
  kind: DocumentKind;
  text: string;
}

export interface Corpus {
  /** Training documents in random order. */
  train: CorpusDocument[];
  /** Documents for perplexity that appear nowhere in `train`. */
  heldOut: CorpusDocument[];
  /** Characters per kind in `train`. */
  characters: Record<DocumentKind, number>;
}

function checkMix(mix: CorpusMix): void {
  for (const [kind, share] of Object.entries(mix)) {
    if (!Number.isFinite(share) || share < 0) throw new RangeError(`Invalid corpus mix: ${kind} is ${share}; expected a share of 0 or more.`);
  }
  if (mix.questions <= 0) throw new RangeError(`Invalid corpus mix: questions is ${mix.questions}; expected more than 0, because the other kinds are sized from it.`);
}

/** Builds the training corpus and its held-out set; equal options give equal corpora. */
export function buildCorpus(options: CorpusOptions = {}): Corpus {
  const seed = options.seed ?? 1;
  const mix = options.mix ?? DEFAULT_MIX;
  checkMix(mix);
  const questionCount = options.questionCount ?? 60_000;
  const heldOutPerKind = options.heldOutPerKind ?? 400;
  const random = new Random(seed, "copilot-corpus");

  // Questions.
  const questions = new QuestionGenerator({ seed, names: options.names });
  const train: CorpusDocument[] = [];
  const characters: Record<DocumentKind, number> = { question: 0, glossary: 0, answer: 0 };
  const add = (kind: DocumentKind, text: string) => {
    train.push({ kind, text });
    characters[kind] += text.length;
  };
  for (let i = 0; i < questionCount; i++) {
    const { question, call } = questions.next();
    add("question", questionDocument(question, call));
  }

  // Glossary: hand-written documents, cycled, alternating with fresh worked examples.
  const handWritten = random.shuffle(glossaryDocuments());
  const heldOutGlossaryCount = Math.round(handWritten.length * (options.heldOutGlossaryShare ?? 0.1));
  const heldOutGlossary = handWritten.slice(0, heldOutGlossaryCount);
  const trainGlossary = handWritten.slice(heldOutGlossaryCount);
  const glossaryTarget = (characters.question * mix.glossary) / mix.questions;
  const examples = workedExamples(Math.ceil(glossaryTarget / 100) + 1, seed);
  let handIndex = 0;
  let exampleIndex = 0;
  for (let i = 0; characters.glossary < glossaryTarget; i++) {
    const useHandWritten = i % 2 === 0 && trainGlossary.length > 0;
    const text = useHandWritten ? trainGlossary[handIndex++ % trainGlossary.length]! : examples[exampleIndex++ % examples.length]!;
    add("glossary", plainDocument(text));
  }

  // Answers, generated until their share is reached.
  const answerTarget = (characters.question * mix.answers) / mix.questions;
  const answerBatch = Math.max(16, Math.ceil(answerTarget / 250));
  for (let batch = 0; characters.answer < answerTarget; batch++) {
    for (const text of generateAnswers(answerBatch, { seed: seed * 1000 + batch, names: options.names })) {
      if (characters.answer >= answerTarget) break;
      add("answer", plainDocument(text));
    }
  }

  // Held-out documents come from other random streams and are dropped if training has them.
  const seen = new Set(train.map((document) => document.text));
  const heldOut: CorpusDocument[] = [];
  const hold = (kind: DocumentKind, text: string) => {
    if (!seen.has(text)) heldOut.push({ kind, text });
  };
  const heldOutSeed = seed + 7919;
  const heldOutQuestions = new QuestionGenerator({ seed: heldOutSeed, names: options.names });
  for (let i = 0; i < heldOutPerKind; i++) {
    const { question, call } = heldOutQuestions.next();
    hold("question", questionDocument(question, call));
  }
  for (const text of heldOutGlossary) hold("glossary", plainDocument(text));
  for (const text of workedExamples(heldOutPerKind, heldOutSeed)) hold("glossary", plainDocument(text));
  for (const text of generateAnswers(heldOutPerKind, { seed: heldOutSeed, names: options.names })) hold("answer", plainDocument(text));

  return { train: random.shuffle(train), heldOut, characters };
}

// ---------------------------------------------------------------- calibration

export interface CalibrationOptions {
  seed?: number;
  /** Question documents written with the seller's own SKUs and campaigns (default 256). */
  questionCount?: number;
  /** Search terms with the most impressions to include (default 400). */
  searchTermLimit?: number;
  /** Restricts the data to one marketplace code, e.g. "US". */
  marketplace?: string;
}

/** The seller's names and texts, read from the database. */
export interface SellerTexts {
  skus: string[];
  campaigns: string[];
  titles: string[];
  searchTerms: string[];
}

/** Reads the seller's SKUs, campaign names, product titles and most-seen search terms from `db`. */
export function readSellerTexts(db: Database.Database, options: Pick<CalibrationOptions, "marketplace" | "searchTermLimit"> = {}): SellerTexts {
  const where = options.marketplace === undefined ? "" : "WHERE marketplace = @marketplace";
  const parameters = options.marketplace === undefined ? {} : { marketplace: options.marketplace };
  const column = (sql: string, extra: Record<string, unknown> = {}): string[] =>
    (db.prepare(sql).pluck().all({ ...parameters, ...extra }) as unknown[]).filter((value): value is string => typeof value === "string" && value.trim().length > 0);

  const skus = column(`SELECT DISTINCT sku FROM Product ${where} ORDER BY sku`);
  const titles = column(`SELECT DISTINCT title FROM Product ${where} ${where === "" ? "WHERE" : "AND"} title IS NOT NULL ORDER BY sku`);
  const campaigns = column(
    `SELECT campaignName FROM AdCampaign ${where} UNION SELECT campaignName FROM AdSearchTerm ${where} UNION SELECT campaignName FROM AdProduct ${where} ORDER BY campaignName`,
  );
  const searchTerms = column(`SELECT searchTerm FROM AdSearchTerm ${where} GROUP BY searchTerm ORDER BY SUM(impressions) DESC, searchTerm LIMIT @limit`, { limit: options.searchTermLimit ?? 400 });
  return { skus, campaigns, titles, searchTerms };
}

/**
 * Returns calibration documents for pruning, in the prompt format, drawn from the
 * seller's own data: questions whose SKUs and campaigns are the seller's, product
 * titles, and the search terms shoppers used, in lists of twenty. Throws when the
 * database has no products, campaigns or search terms to draw from.
 */
export function sellerCalibrationTexts(db: Database.Database, options: CalibrationOptions = {}): string[] {
  const seller = readSellerTexts(db, options);
  if (seller.skus.length === 0 && seller.campaigns.length === 0 && seller.searchTerms.length === 0) {
    throw new Error(`No seller data for calibration${options.marketplace === undefined ? "" : ` in marketplace ${options.marketplace}`}: the Product, AdCampaign and AdSearchTerm tables are empty. Import reports or load the demo first.`);
  }

  // Every name in the questions is one of the seller's; names missing from the data are invented.
  const names = { skus: seller.skus.filter((sku) => !containsSpecialToken(sku)), campaigns: seller.campaigns.filter((name) => !containsSpecialToken(name)) };
  const generator = new QuestionGenerator({ seed: options.seed ?? 1, names, poolShare: 1 });
  const texts: string[] = [];
  for (let i = 0; i < (options.questionCount ?? 256); i++) {
    const { question, call } = generator.next();
    texts.push(questionDocument(question, call));
  }
  for (const title of seller.titles) {
    if (!containsSpecialToken(title)) texts.push(plainDocument(title));
  }
  for (let start = 0; start < seller.searchTerms.length; start += 20) {
    const terms = seller.searchTerms.slice(start, start + 20).filter((term) => !containsSpecialToken(term));
    texts.push(plainDocument(`Search terms: ${terms.join(", ")}`));
  }
  const campaigns = seller.campaigns.filter((name) => !containsSpecialToken(name));
  if (campaigns.length > 0) texts.push(plainDocument(`Campaigns: ${campaigns.join(", ")}`));
  return texts;
}
