// The pruning CLI with --method wanda++: a whole run on stories260K with its report, and the
// errors for Wanda++ options out of range.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { PruningReport } from "../../pruning/report";
import { makeTemporaryFolder, STORIES_BIN, STORIES_CALIBRATION, STORIES_EVAL, storiesSkip } from "./helpers";

const TSX = path.resolve("node_modules/.bin/tsx");
const cli = (args: string[]) => spawnSync(TSX, ["pruning/cli.ts", ...args], { encoding: "utf8" });
const errorOf = (stderr: string) => stderr.split("\n").filter((line) => line.startsWith("Error:")).join("\n");

describe("pruning CLI with wanda++", () => {
  it("prunes stories260K at 2:4 and reports the new phases", { skip: storiesSkip }, () => {
    const out = path.join(makeTemporaryFolder(), "wanda-plus-plus");
    const result = cli([
      ...["--base", STORIES_BIN, "--out", out, "--method", "wanda++", "--pattern", "2:4"],
      ...["--calibration", STORIES_CALIBRATION, "--eval", STORIES_EVAL, "--samples", "16", "--eval-samples", "16", "--seq-len", "64"],
      ...["--ro-iterations", "2", "--ro-samples", "8", "--ro-batch-size", "4", "--threads", "1"],
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /block 5 of 5, regional optimization, [\d.]+ s elapsed, ETA [\d.]+ s/);

    const report = JSON.parse(fs.readFileSync(path.join(out, "pruning-report.json"), "utf8")) as PruningReport;
    assert.equal(report.method, "wanda++");
    assert.ok(report.layers.every((row) => row.sparsity === 0.5), "every layer is exactly half zeros");
    const phases = report.phases.map((entry) => entry.phase);
    assert.ok(phases.includes("prune: regional gradients"), phases.join(", "));
    assert.ok(phases.includes("prune: regional optimization"), phases.join(", "));
    assert.ok(report.peakRssBytes > 0);

    const summary = report.wandaPlusPlus!;
    assert.equal(summary.alpha, 100);
    assert.deepEqual(summary.regionalOptimization, { learningRate: 3e-4, iterations: 2, samplesPerIteration: 8, batchSize: 4, update: "kept", seed: 0 });
    assert.equal(summary.optimizationSteps, 5 * 2 * 2);
    assert.equal(summary.iterationLosses.length, 5);
    assert.ok(summary.gradientGflopsPerSecond > 0, `regional gradients at ${summary.gradientGflopsPerSecond} GFLOP/s`);
    assert.ok(summary.optimizationGflopsPerSecond > 0, `regional optimization at ${summary.optimizationGflopsPerSecond} GFLOP/s`);
    assert.match(fs.readFileSync(path.join(out, "pruning-report.md"), "utf8"), /## Wanda\+\+/);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });

  const base = ["--base", "/nonexistent/model", "--out", "/nonexistent/out"];
  const cases: [string, string[], number, string][] = [
    ["a negative alpha", ["--method", "wanda++", "--alpha=-1"], 1, "Error: The regional gradient weight alpha -1 is invalid; expected a number of 0 or more, e.g. 100."],
    ["a zero learning rate", ["--method", "wanda++", "--ro-lr", "0"], 1, "Error: The regional optimization learning rate 0 is invalid; expected a number above 0, e.g. 3e-4."],
    ["a fractional sample count", ["--method", "wanda++", "--ro-samples", "2.5"], 1, "Error: The regional optimization sample count 2.5 must be a positive integer."],
    ["an unknown update", ["--method", "wanda++", "--ro-update", "some"], 2, 'Error: --ro-update "some" is not supported; use kept or all.'],
    ["negative iterations", ["--method", "wanda++", "--ro-iterations=-2"], 2, "Error: --ro-iterations -2 is invalid; expected an integer of 0 or more."],
    ["alpha with wanda", ["--method", "wanda", "--alpha", "10"], 2, "Error: --alpha applies only to --method wanda++, but the method is wanda."],
  ];
  for (const [name, args, status, message] of cases) {
    it(`rejects ${name}`, () => {
      const result = cli([...base, ...args]);
      assert.equal(result.status, status, result.stderr);
      assert.equal(errorOf(result.stderr), message);
    });
  }
});
