import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sqlite } from "../../lib/db/client";
import { Random } from "../../lib/demo/random";
import { answerFor, describePeriod, formatMoney, generateAnswers } from "../../lib/copilot/corpus/answers";
import { buildCorpus, sellerCalibrationTexts } from "../../lib/copilot/corpus/build";
import { callText, type ToolCall } from "../../lib/copilot/corpus/calls";
import { EVAL_QUESTIONS } from "../../lib/copilot/corpus/eval-questions";
import { GLOSSARY, glossaryDocuments, workedExamples } from "../../lib/copilot/corpus/glossary";
import { NameSource } from "../../lib/copilot/corpus/names";
import { END_TOKEN, PAD_TOKEN, SPECIAL_TOKENS, questionPrompt } from "../../lib/copilot/corpus/prompt";
import { trainBpe, writeBpeTokenizer } from "../../lib/model/bpe-train";
import { loadTokenizer } from "../../lib/model/tokenizer";
import { useTemporaryDatabase } from "../helpers/database";

const QUESTION_DOCUMENT = /^<\|question\|>[^\n]+\n<\|call\|>\{[^\n]+\}\n<\|end\|>$/;
const PLAIN_DOCUMENT = /^<\|doc\|>[\s\S]+\n<\|end\|>$/;

/** Parses "$1,234.56", "-€12.00" or "£0.30" into a number. */
function money(text: string): number {
  const negative = text.startsWith("-");
  const value = Number(text.replace(/^-/, "").slice(1).replace(/,/g, ""));
  return negative ? -value : value;
}

const CORPUS = buildCorpus({ questionCount: 3000, heldOutPerKind: 100 });

describe("corpus builder", () => {
  it("writes documents in the prompt format", () => {
    for (const document of CORPUS.train) {
      const pattern = document.kind === "question" ? QUESTION_DOCUMENT : PLAIN_DOCUMENT;
      assert.match(document.text, pattern);
      const inner = document.text.replace(/^<\|(question|doc)\|>/, "").replace(/<\|call\|>/, "").replace(/<\|end\|>$/, "");
      assert.ok(!SPECIAL_TOKENS.some((token) => inner.includes(token)), `stray special token in ${document.text}`);
    }
  });

  it("mixes kinds by character share", () => {
    const { question, glossary, answer } = CORPUS.characters;
    const total = question + glossary + answer;
    assert.ok(Math.abs(question / total - 0.7) < 0.01, `questions ${(question / total).toFixed(3)}`);
    assert.ok(Math.abs(glossary / total - 0.12) < 0.01, `glossary ${(glossary / total).toFixed(3)}`);
    assert.ok(Math.abs(answer / total - 0.18) < 0.01, `answers ${(answer / total).toFixed(3)}`);

    const skewed = buildCorpus({ questionCount: 500, mix: { questions: 1, glossary: 1, answers: 0 }, heldOutPerKind: 10 });
    assert.equal(skewed.characters.answer, 0);
    assert.ok(Math.abs(skewed.characters.glossary / skewed.characters.question - 1) < 0.05, "glossary as large as questions");
  });

  it("keeps held-out documents out of training", () => {
    const train = new Set(CORPUS.train.map((document) => document.text));
    for (const document of CORPUS.heldOut) assert.ok(!train.has(document.text), `held-out document in training: ${document.text}`);
    for (const kind of ["question", "glossary", "answer"] as const) {
      assert.ok(CORPUS.heldOut.filter((document) => document.kind === kind).length >= 50, `held-out ${kind} documents`);
    }
    // Whole hand-written glossary documents are held out, not only generated ones.
    const handWritten = new Set(glossaryDocuments().map((text) => `<|doc|>${text}\n<|end|>`));
    const heldOutHandWritten = CORPUS.heldOut.filter((document) => handWritten.has(document.text));
    assert.ok(heldOutHandWritten.length >= 10, `${heldOutHandWritten.length} hand-written glossary documents held out`);
  });

  it("repeats for the same seed", () => {
    const again = buildCorpus({ questionCount: 3000, heldOutPerKind: 100 });
    assert.deepEqual(again.train.slice(0, 50), CORPUS.train.slice(0, 50));
    assert.equal(again.train.length, CORPUS.train.length);
  });

  it("rejects an invalid mix", () => {
    assert.throws(() => buildCorpus({ questionCount: 10, mix: { questions: 0, glossary: 1, answers: 1 } }), /Invalid corpus mix: questions is 0/);
    assert.throws(() => buildCorpus({ questionCount: 10, mix: { questions: 1, glossary: -1, answers: 1 } }), /Invalid corpus mix: glossary is -1/);
  });
});

describe("glossary", () => {
  it("defines the required terms", () => {
    const required = ["ACoS", "TACoS", "ROAS", "CPC", "CTR", "CVR", "Break-even ACoS", "Search term", "Target", "Match types", "Referral fee", "FBA fee", "Storage fee", "COGS", "Net profit", "Margin", "Sessions", "Buy Box"];
    for (const term of required) {
      const entry = GLOSSARY.find((item) => item.term === term || item.aliases.includes(term));
      assert.ok(entry !== undefined, `no glossary entry for ${term}`);
      assert.ok(entry.documents.length >= 2, `${term} has ${entry.documents.length} documents`);
    }
    assert.ok(GLOSSARY.length >= 35, `${GLOSSARY.length} terms`);
  });

  it("computes worked examples correctly", () => {
    let checked = 0;
    for (const text of workedExamples(2000, 3)) {
      const acos = /ACoS = (\S+) \/ (\S+) = ([\d.]+)%/.exec(text);
      if (acos !== null) {
        assert.ok(Math.abs((money(acos[1]!) / money(acos[2]!)) * 100 - Number(acos[3])) < 0.06, text);
        checked++;
      }
      const profit = /revenue (\S+) minus refunds (\S+), Amazon fees (\S+), COGS (\S+) and ad spend (\S+) is a net profit of (\S+), a margin of (-?[\d.]+)%/.exec(text);
      if (profit !== null) {
        const [revenue, refunds, fees, cogs, spend, net] = profit.slice(1, 7).map((value) => money(value)) as [number, number, number, number, number, number];
        assert.ok(Math.abs(revenue - refunds - fees - cogs - spend - net) < 0.03, text);
        assert.ok(Math.abs((net / revenue) * 100 - Number(profit[7])) < 0.06, text);
        checked++;
      }
      const cpc = /([\d,]+) clicks for (\S+) means a CPC of (\S+)\./.exec(text);
      if (cpc !== null) {
        assert.ok(Math.abs(money(cpc[2]!) / Number(cpc[1]!.replace(/,/g, "")) - money(cpc[3]!)) < 0.006, text);
        checked++;
      }
    }
    assert.ok(checked > 400, `${checked} examples checked`);
  });
});

describe("answers", () => {
  it("states consistent ACoS figures", () => {
    const random = new Random(2, "answer-test");
    const names = new NameSource(random);
    for (let i = 0; i < 300; i++) {
      const text = answerFor(random, names, { tool: "metric", metric: "acos", period: "lastWeek" });
      const match = /([\d.]+)%\. That is (\S+) of ad spend on (\S+) of ad sales\./.exec(text);
      assert.ok(match !== null, text);
      assert.ok(Math.abs((money(match[2]!) / money(match[3]!)) * 100 - Number(match[1])) < 0.06, text);
    }
  });

  it("adds up the P&L lines", () => {
    const random = new Random(3, "answer-test");
    const names = new NameSource(random);
    for (let i = 0; i < 300; i++) {
      const text = answerFor(random, names, { tool: "productPnl", sku: "BCB-S-NAT", period: "lastMonth" });
      const line = (label: string) => {
        const match = new RegExp(`^${label} (\\S+)`, "m").exec(text);
        assert.ok(match !== null, `no ${label} line in ${text}`);
        return money(match[1]!);
      };
      const parts = ["Revenue", "Refunds", "Promotions", "Amazon fees", "COGS", "Ad spend"].map(line);
      const net = line("Net profit");
      assert.ok(Math.abs(parts.reduce((sum, value) => sum + value, 0) - net) < 0.04, text);
    }
  });

  it("sorts rankings in the requested order", () => {
    const random = new Random(4, "answer-test");
    const names = new NameSource(random);
    for (const order of ["asc", "desc"] as const) {
      const text = answerFor(random, names, { tool: "metric", metric: "adSpend", period: "lastMonth", groupBy: "campaign", top: 5, order });
      const values = [...text.matchAll(/^\d+\. .+: (\S+)$/gm)].map((match) => money(match[1]!));
      assert.equal(values.length, 5, text);
      const sorted = [...values].sort((a, b) => (order === "asc" ? a - b : b - a));
      assert.deepEqual(values, sorted, text);
    }
  });

  it("adds up alert impacts", () => {
    const random = new Random(5, "answer-test");
    const names = new NameSource(random);
    let costed = 0;
    for (let i = 0; i < 300; i++) {
      const call = random.pick<ToolCall>([{ tool: "alerts", period: "lastMonth" }, { tool: "alerts", period: "last7Days", sku: "BCB-S-NAT" }, { tool: "alerts", period: "thisQuarter", campaign: "Auto | Kitchen" }]);
      const text = answerFor(random, names, call);
      const header = /^(\d+) alerts? /.exec(text);
      if (header === null) {
        assert.match(text, /^(No P&L alerts|Nothing unusual)/, text);
        continue;
      }
      const lines = text.split("\n").slice(1);
      assert.equal(lines.length, Number(header[1]), text);
      for (const line of lines) {
        const match = /^- .+ (rose|fell) to (\S+?)( a day)? against an expected (\S+?)( a day)? .*\((low|medium|high)(?:, about (\S+) over (\d+) days?)?\)\.$/.exec(line);
        assert.ok(match !== null, line);
        const number = (value: string) => Number(value.replace(/^[^\d]+/, "").replace(/[,%]/g, ""));
        const observed = number(match[2]!);
        const expected = number(match[4]!);
        assert.equal(match[1] === "rose", observed > expected, line);
        if (match[7] !== undefined) {
          assert.ok(Math.abs(Math.abs(observed - expected) * Number(match[8]) - money(match[7])) < 0.006, line);
          costed++;
        }
      }
    }
    assert.ok(costed > 50, `${costed} alerts with a cost checked`);
  });

  it("adds up profit explanations", () => {
    const random = new Random(6, "answer-test");
    const names = new NameSource(random);
    const signed = (text: string) => money(text.replace(/^\+/, ""));
    for (let i = 0; i < 300; i++) {
      const call: ToolCall = i % 2 === 0 ? { tool: "explainProfit", period: "lastWeek" } : { tool: "explainProfit", period: "month:2025-03", sku: "BCB-S-NAT" };
      const text = answerFor(random, names, call);
      const header = /^Net profit .*?(rose|fell) from (\S+) to (\S+?)(?: \(([+-])([\d.]+)%\))? against the previous (\d+) days?\./.exec(text);
      assert.ok(header !== null, text);
      const before = money(header[2]!);
      const now = money(header[3]!);
      assert.equal(header[1] === "rose", now >= before, text);
      assert.equal(Number(header[6]), i % 2 === 0 ? 7 : 30, text);
      if (header[5] !== undefined) assert.ok(Math.abs((Math.abs(now - before) / before) * 100 - Number(header[5])) < 0.06, text);

      const rows = [...text.matchAll(/^- (.+): (\S+) → (\S+) \((\S+)\)$/gm)];
      assert.equal(rows.length, 6, text);
      for (const row of rows) assert.ok(Math.abs(money(row[3]!) - money(row[2]!) - signed(row[4]!)) < 0.006, row[0]);
      assert.ok(Math.abs(rows.reduce((sum, row) => sum + money(row[2]!), 0) - before) < 0.006, text);
      assert.ok(Math.abs(rows.reduce((sum, row) => sum + money(row[3]!), 0) - now) < 0.006, text);
      assert.ok(Math.abs(rows.reduce((sum, row) => sum + signed(row[4]!), 0) - (now - before)) < 0.006, text);

      const largest = /The largest part: .+ \((\S+) of profit\)\./.exec(text);
      assert.ok(largest !== null, text);
      const biggest = Math.max(...rows.map((row) => Math.abs(signed(row[4]!))));
      assert.ok(Math.abs(Math.abs(signed(largest[1]!)) - biggest) < 0.006, text);
    }
  });

  it("counts bid recommendations", () => {
    const random = new Random(7, "answer-test");
    const names = new NameSource(random);
    const calls: ToolCall[] = [{ tool: "bids" }, { tool: "bids", kind: "bid", top: 3 }, { tool: "bids", kind: "harvest", lookbackDays: 60, campaign: "Auto | Kitchen" }, { tool: "bids", kind: "negative" }];
    let rowsChecked = 0;
    for (let i = 0; i < 300; i++) {
      const call = calls[i % calls.length]!;
      const text = answerFor(random, names, call);
      if (text.startsWith("No ")) continue;
      const header = /^(\d+) .*recommendations? over the (\d+) days to .+?: (.+)\.$/m.exec(text);
      assert.ok(header !== null, text);
      const total = Number(header[1]);
      assert.equal(Number(header[2]), call.tool === "bids" ? (call.lookbackDays ?? 30) : 30, text);
      const counted = header[3]!.split(", ").reduce((sum, part) => sum + Number(part.split(" ")[0]), 0);
      assert.equal(counted, total, text);

      const rows = text.split("\n").filter((line) => /^\d+\. /.test(line));
      const top = call.tool === "bids" ? call.top : undefined;
      assert.equal(rows.length, Math.min(top ?? 5, total), text);
      for (const row of rows) {
        if (call.tool === "bids" && call.campaign !== undefined) assert.ok(row.includes(`in ${call.campaign}`), row);
        const acos = /: (\S+) spend, (\S+) sales \(ACoS ([\d.]+)%\)(?: against a target of ([\d.]+)%)?/.exec(row);
        if (acos !== null) {
          assert.ok(Math.abs((money(acos[1]!) / money(acos[2]!)) * 100 - Number(acos[3])) < 0.06, row);
          rowsChecked++;
        }
        const bid = /^\d+\. (Raise|Lower) bid .* from (\S+) to (\S+?):/.exec(row);
        if (bid !== null) {
          assert.equal(bid[1] === "Raise", money(bid[3]!) > money(bid[2]!), row);
          assert.equal(bid[1] === "Raise", Number(acos![3]) < Number(acos![4]), row);
        }
      }
    }
    assert.ok(rowsChecked > 200, `${rowsChecked} rows with an ACoS checked`);
  });

  it("describes periods in words", () => {
    assert.equal(describePeriod("lastWeek"), "last week");
    assert.equal(describePeriod("month:03"), "in March");
    assert.equal(describePeriod("month:2024-11"), "in November 2024");
    assert.equal(describePeriod("day:2025-01-05"), "on 5 Jan 2025");
    assert.equal(describePeriod("range:2024-03-03..2024-03-17"), "from 3 Mar 2024 to 17 Mar 2024");
    assert.equal(formatMoney(-1234.5, "$"), "-$1,234.50");
  });

  it("varies across calls", () => {
    const answers = generateAnswers(500, { seed: 8 });
    assert.ok(new Set(answers).size > 480, `${new Set(answers).size} distinct of 500`);
  });
});

describe("seller calibration texts", () => {
  let database: Awaited<ReturnType<typeof useTemporaryDatabase>>;
  before(async () => {
    database = await useTemporaryDatabase();
  });
  after(async () => {
    await database.dispose();
  });

  it("rejects an empty database", () => {
    assert.throws(() => sellerCalibrationTexts(sqlite()), /No seller data for calibration: the Product, AdCampaign and AdSearchTerm tables are empty/);
  });

  it("draws from the seller's data", () => {
    const db = sqlite();
    const product = db.prepare("INSERT INTO Product (marketplace, sku, asin, title) VALUES (?, ?, ?, ?)");
    product.run("US", "ACME-KETTLE-1L", "B0TEST0001", "Acme Electric Kettle 1 Litre – Stainless Steel, Auto Shut-Off");
    product.run("US", "ACME-MUG-2PK", "B0TEST0002", "Acme Double Wall Glass Mugs, Set of 2");
    product.run("DE", "ACME-KESSEL", "B0TEST0003", "Acme Wasserkocher 1 Liter, Edelstahl");
    const campaign = db.prepare(
      "INSERT INTO AdCampaign (marketplace, day, campaignName, currency, impressions, clicks, spendMicros, salesMicros, orders, attributionDays, batchId) VALUES (?, ?, ?, 'USD', 100, 5, 1000000, 0, 0, 7, 1)",
    );
    campaign.run("US", "2025-01-01", "Kettles | Exact");
    campaign.run("US", "2025-01-02", "Kettles | Exact");
    campaign.run("US", "2025-01-01", "Mugs - Auto");
    const term = db.prepare(
      "INSERT INTO AdSearchTerm (marketplace, day, campaignName, adGroupName, targeting, matchType, searchTerm, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId) VALUES ('US', ?, 'Kettles | Exact', 'Group', 'kettle', 'EXACT', ?, 'USD', ?, 1, 500000, 0, 0, 0, 7, 1)",
    );
    term.run("2025-01-01", "electric kettle", 900);
    term.run("2025-01-02", "electric kettle", 900);
    term.run("2025-01-01", "glass mugs double wall", 50);

    const texts = sellerCalibrationTexts(db, { marketplace: "US", questionCount: 300 });
    const questions = texts.filter((text) => text.startsWith("<|question|>"));
    assert.equal(questions.length, 300);
    assert.ok(texts.includes("<|doc|>Acme Electric Kettle 1 Litre – Stainless Steel, Auto Shut-Off\n<|end|>"));
    assert.ok(!texts.some((text) => text.includes("Wasserkocher")), "a title of another marketplace");
    assert.ok(texts.includes("<|doc|>Search terms: electric kettle, glass mugs double wall\n<|end|>"));
    assert.ok(texts.includes("<|doc|>Campaigns: Kettles | Exact, Mugs - Auto\n<|end|>"));

    // Every SKU and campaign in the calls is the seller's own.
    const calls = questions.map((text) => JSON.parse(/<\|call\|>(.*)\n<\|end\|>$/.exec(text)![1]!) as { sku?: string; campaign?: string });
    assert.ok(calls.filter((call) => call.sku !== undefined).length > 20);
    assert.ok(calls.filter((call) => call.campaign !== undefined).length > 10);
    for (const call of calls) {
      if (call.sku !== undefined) assert.ok(["ACME-KETTLE-1L", "ACME-MUG-2PK"].includes(call.sku), call.sku);
      if (call.campaign !== undefined) assert.ok(["Kettles | Exact", "Mugs - Auto"].includes(call.campaign), call.campaign);
    }
  });
});

describe("corpus tokenizer", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "corpus-tokenizer-"));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("round-trips held-out and eval text", async () => {
    const vocabulary = trainBpe(CORPUS.train.map((document) => document.text), { vocabSize: 1024, specialTokens: SPECIAL_TOKENS });
    await writeBpeTokenizer(folder, vocabulary, { eosToken: END_TOKEN, padToken: PAD_TOKEN });
    const tokenizer = await loadTokenizer(folder);
    assert.equal(tokenizer.vocabSize, 1024);
    assert.equal(tokenizer.eosTokenId, tokenizer.tokenToId(END_TOKEN));

    const texts = [...CORPUS.heldOut.map((document) => document.text), ...EVAL_QUESTIONS.map(({ question, call }) => `${questionPrompt(question)}${callText(call)}\n${END_TOKEN}`)];
    let bytes = 0;
    let tokens = 0;
    for (const text of texts) {
      const ids = tokenizer.encode(text);
      assert.equal(tokenizer.decode(ids), text);
      bytes += Buffer.byteLength(text);
      tokens += ids.length;
    }
    // Each special token is one id; ordinary text compresses to several bytes per token.
    const question = tokenizer.encode(texts.find((text) => text.startsWith("<|question|>"))!);
    assert.equal(question[0], tokenizer.tokenToId("<|question|>"));
    assert.equal(question.at(-1), tokenizer.tokenToId(END_TOKEN));
    assert.ok(bytes / tokens > 2.5, `${(bytes / tokens).toFixed(2)} bytes per token`);
  });
});
