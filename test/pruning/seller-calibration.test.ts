// Calibration text from the seller database: every kind of seller text reaches the token
// stream, and a missing or foreign database gets an error that says what to do.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { trainBpe, writeBpeTokenizer } from "../../lib/model/bpe-train";
import { loadTokenizer, type TextTokenizer } from "../../lib/model/tokenizer";
import { recordQuestion } from "../../lib/copilot/question-log";
import { sqlite } from "../../lib/db/client";
import { SPECIAL_TOKENS } from "../../lib/copilot/corpus/prompt";
import { PruningError } from "../../pruning/errors";
import { readSellerCalibration } from "../../pruning/seller-calibration";
import { useTemporaryDatabase } from "../helpers/database";
import { makeTemporaryFolder } from "./helpers";

const TITLE = "Bamboo Cutting Board Set of 3 with Juice Groove";
const SEARCH_TERM = "wooden chopping board large";
const ASKED = "Which bamboo boards lost money on weekends?";

describe("seller database calibration", () => {
  let dispose: () => Promise<void>;
  let file: string;
  let folder: string;
  let tokenizer: TextTokenizer;

  before(async () => {
    ({ file, dispose } = await useTemporaryDatabase());
    const db = sqlite();
    db.prepare("INSERT INTO Product (marketplace, sku, asin, title) VALUES ('US', 'BCB-3PC-NAT', 'B0TEST0001', ?)").run(TITLE);
    db.prepare(
      `INSERT INTO AdSearchTerm (marketplace, day, campaignName, adGroupName, targeting, matchType, searchTerm, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
       VALUES ('US', '2026-11-02', 'Cutting Boards | Auto', 'All', '*', '-', ?, 'USD', 900, 12, 8400000, 31990000, 1, 1, 7, 1)`,
    ).run(SEARCH_TERM);
    recordQuestion({ askedAt: "2026-11-03T10:00:00Z", marketplace: "US", question: ASKED, callText: '{"tool":"metric","metric":"netProfit","period":"last30Days","dayType":"weekend","groupBy":"sku"}', confidence: 0.8 });

    folder = makeTemporaryFolder();
    const vocabulary = trainBpe([`${TITLE} ${SEARCH_TERM} ${ASKED} net profit ACoS campaigns search terms`], { vocabSize: 400, specialTokens: SPECIAL_TOKENS });
    await writeBpeTokenizer(folder, vocabulary);
    tokenizer = await loadTokenizer(folder);
  });
  after(async () => {
    await dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("puts titles, search terms, asked questions and the glossary into one stream", () => {
    const calibration = readSellerCalibration(tokenizer, { databaseFile: file, seed: 3, questionCount: 20 });
    assert.equal(calibration.documents.length, 1);
    assert.equal(calibration.counts.asked, 1);
    assert.ok(calibration.counts.glossary > 50, `${calibration.counts.glossary} glossary documents`);
    // 20 generated questions, the title, one list of search terms and one of campaigns.
    assert.equal(calibration.counts.generatedAndCatalog, 23);
    const text = tokenizer.decode(calibration.documents[0]!, { skipSpecialTokens: false });
    for (const expected of [TITLE, SEARCH_TERM, ASKED, "Cutting Boards | Auto"]) assert.ok(text.includes(expected), `the stream lacks "${expected}"`);
  });

  it("orders the stream by the seed", () => {
    const first = readSellerCalibration(tokenizer, { databaseFile: file, seed: 3, questionCount: 20 }).documents[0]!;
    const again = readSellerCalibration(tokenizer, { databaseFile: file, seed: 3, questionCount: 20 }).documents[0]!;
    const other = readSellerCalibration(tokenizer, { databaseFile: file, seed: 4, questionCount: 20 }).documents[0]!;
    assert.deepEqual(again, first);
    assert.notDeepEqual(other, first);
  });

  it("rejects a missing file and a database without seller tables", () => {
    const missing = path.join(folder, "nowhere.db");
    assert.throws(() => readSellerCalibration(tokenizer, { databaseFile: missing, seed: 1 }), (error: unknown) => error instanceof PruningError && /does not exist/.test(error.message));
    const foreign = path.join(folder, "foreign.db");
    new Database(foreign).exec("CREATE TABLE Something (id INTEGER)");
    assert.throws(() => readSellerCalibration(tokenizer, { databaseFile: foreign, seed: 1 }), (error: unknown) => error instanceof PruningError && /not a seller database/.test(error.message));
  });
});
