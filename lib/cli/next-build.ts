import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Inputs of the Next.js production build; a change to any of them makes the build stale.
const BUILD_INPUTS = ["app", "lib", "next.config.js", "package.json", "tsconfig.json"];

function newestModification(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    newest = Math.max(newest, newestModification(path.join(entry, child)));
  }
  return newest;
}

/** Returns why the production build must be (re)made, or null when .next is up to date. */
export function staleBuildReason(root = process.cwd()): string | null {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return "no production build yet";
  const builtAt = fs.statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => newestModification(path.join(root, input)) > builtAt);
  return changed ? `${changed} changed since the last build` : null;
}

/** Runs `next build` when the build is missing or stale; throws when the build fails. */
export function buildIfStale(root = process.cwd()): void {
  const reason = staleBuildReason(root);
  if (!reason) return;
  console.log(`Building the dashboard (${reason}); this takes a few minutes on a 2-core machine.`);
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`next build failed with exit code ${result.status}; see the output above.`);
  }
}
