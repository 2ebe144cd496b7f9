// Calibration text from the seller's own database: questions written with the seller's SKUs
// and campaigns, product titles, search terms, the questions asked in the copilot so far, and
// the glossary. It is the `--calibration seller-db` source of the pruning CLI.
import fs from "node:fs";
import Database from "better-sqlite3";
import { sellerCalibrationTexts } from "../lib/copilot/corpus/build";
import { glossaryDocuments } from "../lib/copilot/corpus/glossary";
import { END_TOKEN, plainDocument, questionPrompt } from "../lib/copilot/corpus/prompt";
import { readAskedQuestions } from "../lib/copilot/question-log";
import { CALL_TERMINATOR } from "../lib/copilot/tool-calls";
import type { TextTokenizer } from "../lib/model/tokenizer";
import type { TokenDocuments } from "./calibration";
import { PruningError } from "./errors";
import { seededRandom, shuffleInPlace } from "./random";

/** The --calibration value that selects the seller database. */
export const SELLER_CALIBRATION = "seller-db";

export interface SellerCalibrationOptions {
  databaseFile: string;
  seed: number;
  /** Restricts the data to one marketplace code, e.g. "US". */
  marketplace?: string;
  /** Generated questions with the seller's names (default 256). */
  questionCount?: number;
  /** Asked questions to include, newest first (default 1000). */
  askedLimit?: number;
}

export interface SellerCalibration extends TokenDocuments {
  /** Documents of each kind that went into the stream. */
  counts: { generatedAndCatalog: number; asked: number; glossary: number };
}

/**
 * Reads the seller's texts from the database and returns them as one token stream in the
 * training format (every document ends in <|end|>), documents shuffled with the seed, so
 * that windows of any length can be cut from it.
 */
export function readSellerCalibration(tokenizer: TextTokenizer, options: SellerCalibrationOptions): SellerCalibration {
  const { databaseFile } = options;
  if (!fs.existsSync(databaseFile)) {
    throw new PruningError(`The seller database ${databaseFile} does not exist; import reports or run \`npm start\` once (it loads the demo seller), or set SELLER_DB_FILE.`);
  }
  let db: Database.Database;
  try {
    db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new PruningError(`The seller database ${databaseFile} could not be opened: ${(error as Error).message}`, { cause: error });
  }
  try {
    const hasSellerTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Product'").get() !== undefined;
    if (!hasSellerTables) {
      throw new PruningError(`${databaseFile} is not a seller database (it has no Product table); run \`npm start\` once to create it, or give --database the file that \`npm start\` uses.`);
    }
    let seller: string[];
    try {
      seller = sellerCalibrationTexts(db, { seed: options.seed + 1, questionCount: options.questionCount, marketplace: options.marketplace });
    } catch (error) {
      throw new PruningError((error as Error).message, { cause: error });
    }
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'CopilotQuestion'").get() !== undefined;
    const askedLimit = options.askedLimit ?? 1000;
    const asked = hasLog && askedLimit > 0 ? readAskedQuestions(db, { limit: askedLimit, marketplace: options.marketplace }) : [];
    const askedDocuments = asked.map((entry) => `${questionPrompt(entry.question)}${entry.callText}${CALL_TERMINATOR}${END_TOKEN}`);
    const glossary = glossaryDocuments().map((text) => plainDocument(text));

    const documents = [...seller, ...askedDocuments, ...glossary];
    shuffleInPlace(documents, seededRandom(options.seed));
    const stream: number[] = [];
    for (const text of documents) {
      for (const id of tokenizer.encode(text, { addSpecialTokens: false })) stream.push(id);
    }
    return {
      source: `seller database ${databaseFile}`,
      format: "text",
      documents: [stream],
      counts: { generatedAndCatalog: seller.length, asked: askedDocuments.length, glossary: glossary.length },
    };
  } finally {
    db.close();
  }
}
