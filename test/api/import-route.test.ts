import assert from "node:assert/strict";
import { after, afterEach, before, mock, test } from "node:test";
import { GET, POST } from "../../app/api/import/route";
import { sqlite } from "../../lib/db/client";
import { importErrorSchema, importHistorySchema, importResponseSchema } from "../../lib/import/api-schemas";
import { useTemporaryDatabase } from "../helpers/database";
import { countOf, snapshotFacts } from "../import/write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
afterEach(() => {
  delete process.env.SELLER_MAX_UPLOAD_BYTES;
  mock.restoreAll();
});

const CAMPAIGN_CSV = [
  "Date,Portfolio name,Campaign Name,Status,Currency,Budget,Targeting Type,Impressions,Clicks,Spend,7 Day Total Orders (#),7 Day Total Sales",
  '"Oct 1, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,100,2,$1.50,1,$29.99',
  '"Oct 2, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,90,1,$0.75,0,',
].join("\r\n");
const BAD_CAMPAIGN_CSV = CAMPAIGN_CSV.replace("$0.75", "seven");

function upload(fields: Record<string, string | File | File[]>): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return new Request("http://localhost/api/import", { method: "POST", body: form });
}

function csvFile(name: string, text: string): File {
  return new File([text], name, { type: "text/csv" });
}

async function expectError(response: Response, status: number, message: RegExp, parameter?: string): Promise<void> {
  assert.equal(response.status, status);
  const body = importErrorSchema.parse(await response.json());
  assert.match(body.error, message);
  assert.equal(body.parameter, parameter);
}

test("POST imports files in order", async () => {
  const response = await POST(upload({ files: [csvFile("campaign.csv", CAMPAIGN_CSV), csvFile("notes.csv", "hello,world\n1,2\n")], marketplace: "us" }));

  assert.equal(response.status, 200);
  const text = await response.text();
  const { results } = importResponseSchema.parse(JSON.parse(text));
  assert.equal(results.length, 2);
  assert.equal(results[0]?.fileName, "campaign.csv");
  assert.equal(results[0]?.status, "imported");
  assert.equal(results[0]?.kind, "sp-campaign");
  assert.equal(results[0]?.marketplace, "US");
  assert.equal(results[0]?.rowsRead, 2);
  assert.equal(results[0]?.rowsImported, 2);
  assert.equal(results[0]?.firstDay, "2019-10-01");
  assert.equal((JSON.parse(text) as { results: { rowsRead: unknown }[] }).results[0]?.rowsRead, 2);
  assert.equal(results[1]?.rowsRead, 0);
  assert.equal(results[1]?.status, "rejected");
  assert.match(results[1]?.message ?? "", /could not be recognized/);
  assert.equal(countOf("AdCampaign"), 2);
});

test("POST rejects a bad cell with its issue", async () => {
  const before = snapshotFacts();
  const response = await POST(upload({ files: csvFile("bad.csv", BAD_CAMPAIGN_CSV) }));

  assert.equal(response.status, 200);
  const { results } = importResponseSchema.parse(await response.json());
  assert.equal(results[0]?.status, "rejected");
  assert.deepEqual(
    results[0]?.issues.map((issue) => [issue.line, issue.column, issue.value]),
    [[3, "Spend", "seven"]],
  );
  assert.equal(snapshotFacts(), before);
});

test("POST validates the form", async () => {
  await expectError(await POST(upload({ marketplace: "US" })), 400, /^Invalid files: no file uploaded/, "files");
  await expectError(await POST(upload({ files: "just text" })), 400, /^Invalid files: each "files" entry must be a file/, "files");
  await expectError(
    await POST(upload({ files: csvFile("c.csv", CAMPAIGN_CSV), marketplace: "Mars" })),
    400,
    /^Invalid marketplace: unknown marketplace "MARS"; accepted codes: US, CA, MX/,
    "marketplace",
  );
  await expectError(
    await POST(upload({ files: csvFile("c.csv", CAMPAIGN_CSV), periodStart: "2019-10-01" })),
    400,
    /^Invalid periodEnd: give both periodStart and periodEnd, or neither/,
    "periodEnd",
  );
  await expectError(
    await POST(upload({ files: csvFile("c.csv", CAMPAIGN_CSV), periodStart: "2019-10-31", periodEnd: "2019-10-01" })),
    400,
    /periodStart 2019-10-31 is after periodEnd 2019-10-01/,
    "periodEnd",
  );
  await expectError(
    await POST(upload({ files: csvFile("c.csv", CAMPAIGN_CSV), periodStart: "2019-13-01", periodEnd: "2019-10-01" })),
    400,
    /"2019-13-01" is not a valid day/,
    "periodStart",
  );
  const json = new Request("http://localhost/api/import", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
  await expectError(await POST(json), 400, /must be multipart\/form-data/);
});

test("POST rejects an upload over the limit", async () => {
  const batches = countOf("ImportBatch");

  // A declared Content-Length over the limit (plus 1 MiB for the form's framing) is
  // rejected before the body is read, so the small body sent here is never looked at.
  process.env.SELLER_MAX_UPLOAD_BYTES = "100";
  const form = new FormData();
  form.append("files", csvFile("campaign.csv", CAMPAIGN_CSV));
  const serialized = new Response(form);
  const declared = new Request("http://localhost/api/import", {
    method: "POST",
    body: await serialized.arrayBuffer(),
    headers: { "content-type": serialized.headers.get("content-type") ?? "", "content-length": String(100 + 1024 * 1024 + 1) },
  });
  await expectError(await POST(declared), 413, /^The upload is 1 MiB, over the limit of 100 bytes per request; upload large files one per request/);
  assert.equal(countOf("ImportBatch"), batches);

  // A body without Content-Length (chunked, as FormData bodies are sent here) reaches the per-file check.
  await expectError(
    await POST(upload({ files: csvFile("campaign.csv", CAMPAIGN_CSV) })),
    413,
    /^"campaign\.csv" is 2\d\d bytes, over the limit of 100 bytes per request/,
    "files",
  );
  assert.equal(countOf("ImportBatch"), batches);
});

test("POST logs a server failure and hides it", async () => {
  const logged = mock.method(console, "error", () => {});
  sqlite().exec("ALTER TABLE ImportIssue RENAME TO ImportIssueHidden");
  try {
    await expectError(
      await POST(upload({ files: csvFile("campaign.csv", CAMPAIGN_CSV) })),
      500,
      /^Importing "campaign\.csv" failed because of a server error; the server log has the details\.$/,
    );
  } finally {
    sqlite().exec("ALTER TABLE ImportIssueHidden RENAME TO ImportIssue");
  }
  assert.equal(logged.mock.callCount(), 1);
  const [label, context, error] = logged.mock.calls[0]?.arguments ?? [];
  assert.equal(label, "POST /api/import failed");
  assert.deepEqual(context, { file: "campaign.csv", bytes: CAMPAIGN_CSV.length, importedBefore: [] });
  assert.match(String(error), /no such table: ImportIssue/);
});

test("GET lists batches newest first", async () => {
  const response = await GET(new Request("http://localhost/api/import?pageSize=2"));

  assert.equal(response.status, 200);
  const history = importHistorySchema.parse(await response.json());
  assert.equal(history.page, 1);
  assert.equal(history.pageSize, 2);
  assert.equal(history.total, countOf("ImportBatch"));
  assert.equal(history.batches.length, 2);
  const [newest, older] = history.batches;
  assert.ok(newest);
  assert.ok(older);
  assert.ok(newest.id > older.id, `batch ${newest.id} listed before ${older.id}`);
  assert.match(newest.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

  const all = importHistorySchema.parse(await (await GET(new Request("http://localhost/api/import?pageSize=100"))).json());
  const rejected = all.batches.find((batch) => batch.fileName === "bad.csv");
  assert.equal(rejected?.status, "rejected");
  assert.equal(rejected?.issueCount, 1);
  assert.deepEqual(rejected?.issues, [{ severity: "error", line: 3, column: "Spend", value: "seven", reason: rejected?.issues[0]?.reason }]);

  const second = importHistorySchema.parse(await (await GET(new Request("http://localhost/api/import?pageSize=2&page=2"))).json());
  assert.equal(second.batches[0]?.id, all.batches[2]?.id);
});

test("GET returns one batch by id", async () => {
  const all = importHistorySchema.parse(await (await GET(new Request("http://localhost/api/import"))).json());
  const id = all.batches[0]?.id;
  assert.ok(id);

  const one = importHistorySchema.parse(await (await GET(new Request(`http://localhost/api/import?batchId=${id}`))).json());
  assert.deepEqual(one.batches.map((batch) => batch.id), [id]);

  await expectError(await GET(new Request("http://localhost/api/import?batchId=99999")), 404, /^Import batch 99999 not found\.$/, "batchId");
});

test("GET validates paging", async () => {
  await expectError(await GET(new Request("http://localhost/api/import?page=0")), 400, /^Invalid page: page must be at least 1\.$/, "page");
  await expectError(await GET(new Request("http://localhost/api/import?pageSize=500")), 400, /^Invalid pageSize: pageSize must be at most 100\.$/, "pageSize");
  await expectError(await GET(new Request("http://localhost/api/import?page=two")), 400, /^Invalid page: page must be a positive whole number, got "two"\.$/, "page");
});
