import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDatabase } from "../../lib/db/client";

/**
 * Points the process at a new SQLite file in a temporary folder and applies the committed
 * migrations with the Prisma CLI, as `npm start` does. Call before the first database use
 * in a test file; the returned function closes the connections and removes the folder.
 */
export async function useTemporaryDatabase(): Promise<{ file: string; dispose: () => Promise<void> }> {
  await closeDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seller-test-"));
  const file = path.join(dir, "seller.db");
  process.env.SELLER_DB_FILE = file;
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, SELLER_DB_FILE: file },
    stdio: "pipe",
  });
  return {
    file,
    dispose: async () => {
      await closeDatabase();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
