import path from "node:path";

/**
 * Resolves the SQLite file that contains the seller's data.
 * SELLER_DB_FILE wins; otherwise `<SELLER_DATA_DIR or ./data>/seller.db`.
 */
export function resolveDatabaseFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SELLER_DB_FILE) return path.resolve(env.SELLER_DB_FILE);
  const dataDir = env.SELLER_DATA_DIR ? path.resolve(env.SELLER_DATA_DIR) : path.resolve("data");
  return path.join(dataDir, "seller.db");
}
