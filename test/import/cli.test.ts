// Runs the import CLI as `npm run import` does (tsx lib/import/cli.ts) in a child process,
// against a database file that no migration has touched yet.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";

let dir: string;
let databaseFile: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "seller-cli-"));
  databaseFile = path.join(dir, "db", "seller.db");
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = "Date,Portfolio name,Campaign Name,Status,Currency,Budget,Targeting Type,Impressions,Clicks,Spend,7 Day Total Orders (#),7 Day Total Sales";

function campaignRow(day: number, spend: string): string {
  return `"Oct ${day}, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,100,2,${spend},0,`;
}

function writeFile(relative: string, lines: string[]): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join("\r\n"));
  return file;
}

function runCli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "lib/import/cli.ts", ...args], {
    env: { ...process.env, SELLER_DB_FILE: databaseFile, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function query<T>(sql: string): T[] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("usage errors exit with 2", () => {
  const cases: [string[], string][] = [
    [[], "Missing files: name at least one report file or folder."],
    [["--marketplace", "XX", "a.csv"], 'Invalid --marketplace "XX"; expected one of US, CA, MX'],
    [["--period", "2019-10-31..2019-10-01", "a.csv"], 'Invalid --period "2019-10-31..2019-10-01": the start 2019-10-31 is after the end 2019-10-01; write the earlier day first.'],
    [["--period", "2019-11-31..2019-10-01", "a.csv"], 'Invalid --period "2019-11-31..2019-10-01": 2019-11-31 is not a calendar day (November 2019 has 30 days).'],
    [["--period", "2019-10-01..2019-13-01", "a.csv"], 'Invalid --period "2019-10-01..2019-13-01": 2019-13-01 is not a calendar day (there is no month 13).'],
    [["--period", "2019-10-01..", "a.csv"], 'Invalid --period "2019-10-01..": the end day is missing.'],
    [["--period", "1.10.2019..2019-10-31", "a.csv"], 'Invalid --period "1.10.2019..2019-10-31": the start "1.10.2019" is not written YYYY-MM-DD, e.g. 2019-10-01.'],
    [["--period", "October", "a.csv"], 'Invalid --period "October"; expected START..END as YYYY-MM-DD..YYYY-MM-DD'],
    [["--colour", "a.csv"], 'Unknown option "--colour"; the options are --marketplace, --period, --verbose and --help.'],
    [[path.join(os.tmpdir(), "no-such-report.csv")], `File or folder not found: ${path.join(os.tmpdir(), "no-such-report.csv")}`],
    [[os.tmpdir(), "--period", "x"], 'Invalid --period "x"'],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args);
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.ok(lines[0]?.startsWith(message), `${args.join(" ")}: ${lines[0]}`);
    assert.equal(lines[1], "Run npm run import -- --help for the options.");
    assert.equal(lines.length, 2, `${args.join(" ")}: only the error and the hint`);
  }
  assert.equal(fs.existsSync(databaseFile), false);
});

test("help prints usage and exits 0", () => {
  const result = runCli(["--help"]);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^Usage: npm run import -- <file or folder>\.\.\. \[options\]/);
  assert.match(result.stdout, /Exit code: 0 when every file was imported, 1 when any file was rejected or failed, 2 for bad usage\./);
});

test("folder import migrates and lands files", () => {
  writeFile("reports/a-campaign.csv", [HEADER, campaignRow(1, "$1.50"), campaignRow(2, "$0.75")]);
  writeFile("reports/nested/b-campaign.csv", [HEADER, campaignRow(3, "$2.00")]);
  writeFile("reports/.hidden.csv", [HEADER, campaignRow(4, "not money")]);
  writeFile("reports/.cache/c-campaign.csv", [HEADER, campaignRow(5, "not money")]);
  writeFile("reports/README.md", ["# Reports of October"]);

  const result = runCli([path.join(dir, "reports"), "--marketplace", "us"]);

  assert.equal(result.status, 0, result.stdout + result.stderr);
  const lines = result.stdout.trim().split("\n");
  assert.match(lines[0] ?? "", /^Applied pending migrations to .*seller\.db\.$/);
  assert.equal(lines.splice(1, 1)[0], `Skipped 1 file without a report extension: ${path.join(dir, "reports", "README.md")}`);
  assert.match(
    lines[1] ?? "",
    new RegExp(`^IMPORTED  ${escape(path.join(dir, "reports", "a-campaign.csv"))}: sp-campaign, US, 2019-10-01\\.\\.2019-10-02 \\(2 days\\); read 2 rows, stored 2 rows \\(\\d+\\.\\d s\\)$`),
  );
  assert.match(lines[2] ?? "", /^IMPORTED  .*nested\/b-campaign\.csv: sp-campaign, US, 2019-10-03\.\.2019-10-03 \(1 day\); read 1 row, stored 1 row \(/);
  assert.match(
    lines[3] ?? "",
    /^Total: 2 files, 2 imported, 0 rejected, 0 failed; read 3 rows, stored 3 rows \(replacing 0 stored earlier\), rejected 0 rows, skipped 0 rows \(\d+\.\d s\)\.$/,
  );
  assert.equal(lines.length, 4);

  const [spend] = query<{ total: number }>("SELECT SUM(spendMicros) AS total FROM AdCampaign");
  assert.equal(spend?.total, 4_250_000);

  // A second run finds the database migrated and replaces the same days.
  const again = runCli([path.join(dir, "reports", "a-campaign.csv")]);
  assert.equal(again.status, 0);
  assert.doesNotMatch(again.stdout, /Applied pending migrations/);
  assert.match(again.stdout, /: sp-campaign, US, 2019-10-01\.\.2019-10-02 \(2 days\); read 2 rows; 2 rows stored, 2 of them replaced earlier values \(/);
  assert.match(again.stdout, /warning: This file was already imported on \w{3} \d{1,2}, \d{4} at \d{2}:\d{2} UTC; importing it again counts nothing twice\./);
});

test("rejected file prints issues and exits 1", () => {
  const rows = Array.from({ length: 25 }, (_, i) => campaignRow(1 + (i % 28), `bad${i}`));
  writeFile("bad/many-bad.csv", [HEADER, ...rows]);
  writeFile("bad/one-bad.csv", [HEADER, campaignRow(1, "$1.00"), campaignRow(2, "seven")]);
  const before = query<{ n: number }>("SELECT COUNT(*) AS n FROM AdCampaign")[0]?.n;

  const result = runCli([path.join(dir, "bad")]);

  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /REJECTED  .*many-bad\.csv: sp-campaign, US; read 25 rows, rejected 25 rows, nothing stored \(/);
  assert.match(result.stdout, /many-bad\.csv: error: line 2, column "Spend": "bad0" is not a valid amount; expected a number such as 1234\.50, \$1,234\.50 or 1\.234,50\n/);
  assert.equal(result.stdout.match(/many-bad\.csv: error: /g)?.length, 20);
  assert.match(result.stdout, /… 5 more issues; --verbose prints them\./);
  assert.match(result.stdout, /one-bad\.csv: error: line 3, column "Spend": "seven" is not a valid amount/);
  // The rejection message names the column; the cell and its reason are printed once, in the issue list.
  assert.match(result.stdout, /\n  1 row has invalid values in column "Spend", so nothing from this file was imported\. /);
  assert.equal(result.stdout.match(/"seven"/g)?.length, 1);
  assert.match(result.stdout, /Total: 2 files, 0 imported, 2 rejected, 0 failed; read 27 rows, stored 0 rows \(replacing 0 stored earlier\), rejected 26 rows, skipped 0 rows/);
  assert.equal(query<{ n: number }>("SELECT COUNT(*) AS n FROM AdCampaign")[0]?.n, before);
  assert.deepEqual(
    query<{ fileName: string; status: string }>("SELECT fileName, status FROM ImportBatch WHERE status = 'rejected' ORDER BY id"),
    [{ fileName: "many-bad.csv", status: "rejected" }, { fileName: "one-bad.csv", status: "rejected" }],
  );

  const verbose = runCli([path.join(dir, "bad", "many-bad.csv"), "--verbose"]);
  assert.equal(verbose.status, 1);
  assert.equal(verbose.stdout.match(/many-bad\.csv: error: /g)?.length, 25);
  assert.doesNotMatch(verbose.stdout, /more issues/);
});

test("unusable database exits 1 with a reason", () => {
  const blocker = path.join(dir, "not-a-folder");
  fs.writeFileSync(blocker, "");
  writeFile("one/a.csv", [HEADER, campaignRow(1, "$1.00")]);

  const result = runCli([path.join(dir, "one")], { SELLER_DB_FILE: path.join(blocker, "seller.db") });

  assert.equal(result.status, 1);
  assert.match(result.stderr, /^The database is not ready: /);
});

test("climbing relative path prints absolute", () => {
  // A folder under another top-level directory than the working directory's, so the
  // relative path climbs to the root and is longer than the absolute one wherever the
  // repository is checked out.
  const topOfCwd = process.cwd().split(path.sep)[1];
  const base = ["/var/tmp", "/tmp", "/dev/shm"].find((folder) => folder.split("/")[1] !== topOfCwd && fs.existsSync(folder));
  assert.ok(base, `no temporary folder outside /${topOfCwd}`);
  const folder = fs.mkdtempSync(path.join(base, "seller-cli-paths-"));
  const file = path.join(folder, "p-campaign.csv");
  fs.writeFileSync(file, [HEADER, campaignRow(9, "$1.00")].join("\r\n"));
  const relative = path.relative(process.cwd(), file);
  assert.ok(relative.startsWith(".."), `the temporary folder is outside the repository: ${relative}`);
  assert.ok(file.length < relative.length, `the absolute path is the shorter one: ${file}`);

  let result: ReturnType<typeof runCli>;
  try {
    result = runCli([relative]);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }

  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, new RegExp(`^IMPORTED  ${escape(file)}: sp-campaign, US, `, "m"));
});

test("PDF renamed to .csv is named", () => {
  const file = path.join(dir, "statement.csv");
  fs.writeFileSync(file, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n");

  const result = runCli([file]);

  assert.equal(result.status, 1);
  assert.match(result.stdout, new RegExp(`^REJECTED  ${escape(file)}: unknown report type; nothing stored \\(`, "m"));
  assert.match(
    result.stdout,
    /\n {2}"statement\.csv" is a PDF file, not a report export; download the report as CSV, TSV or XLSX from Seller Central or the advertising console\.\n/,
  );
  assert.doesNotMatch(result.stdout, /first row/);
});
