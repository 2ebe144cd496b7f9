// `npm start`: migrate the database, load the demo data when it is empty, prune the copilot's
// model on the seller's data when the pruned model is missing or stale, build the dashboard
// when the build is missing or stale, then serve it.
import { spawn } from "node:child_process";
import path from "node:path";
import { migrateDatabase } from "../db/migrate";
import { resolveDatabaseFile } from "../db/path";
import { closeDatabase } from "../db/client";
import { loadDemoIfEmpty } from "../demo/load-demo";
import { BASE_MODEL_DIR, PRUNED_MODEL_DIR, pruneIfStale } from "../../pruning/build-step";
import { buildIfStale } from "./next-build";

async function main(): Promise<void> {
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "127.0.0.1";

  console.log(`Database: ${resolveDatabaseFile()}`);
  await migrateDatabase();

  if (process.env.SELLER_SKIP_DEMO === "1") {
    console.log("Demo data: skipped (SELLER_SKIP_DEMO=1).");
  } else {
    const demo = await loadDemoIfEmpty({ log: (line) => console.log(line) });
    console.log(demo.loaded ? `Demo data: imported ${demo.files} report files.` : "Demo data: not loaded, the database already has data.");
  }
  await closeDatabase();

  if (process.env.SELLER_SKIP_PRUNE === "1") {
    console.log("Pruning: skipped (SELLER_SKIP_PRUNE=1).");
  } else {
    try {
      const outcome = await pruneIfStale({ log: (line) => console.log(`[prune] ${line}`) });
      console.log(outcome.pruned ? `Pruned model: written to ${PRUNED_MODEL_DIR}.` : `Pruned model: ${outcome.reason}.`);
    } catch (error) {
      // The dashboard works without the pruned model; the copilot then serves the base model.
      console.warn(`Pruning failed, the copilot will use ${PRUNED_MODEL_DIR} if an earlier run left one, else ${BASE_MODEL_DIR}: ${(error as Error).message}`);
    }
  }

  buildIfStale();

  console.log(`Serving the dashboard on http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  const server = spawn(process.execPath, [nextBin, "start", "-p", port, "-H", host], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
