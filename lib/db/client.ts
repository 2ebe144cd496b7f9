import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseFile } from "./path";

// One Prisma client and one raw connection per process. Next.js dev mode reloads
// modules, so both are cached on globalThis instead of module scope.
const cache = globalThis as unknown as {
  sellerPrisma?: PrismaClient;
  sellerSqlite?: Database.Database;
};

/** Returns the process-wide Prisma client for the seller database. */
export function prisma(): PrismaClient {
  if (!cache.sellerPrisma) {
    const file = resolveDatabaseFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    cache.sellerPrisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  }
  return cache.sellerPrisma;
}

/**
 * Returns the process-wide better-sqlite3 connection. The bulk import writer uses it for
 * prepared statements inside one transaction (BENCHMARKS.md has its rows per second), and
 * the analytics use it for GROUP BY queries with integer sums.
 */
export function sqlite(): Database.Database {
  if (!cache.sellerSqlite) {
    const file = resolveDatabaseFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    cache.sellerSqlite = db;
  }
  return cache.sellerSqlite;
}

/** Closes both connections; tests and CLIs call this before exit. */
export async function closeDatabase(): Promise<void> {
  cache.sellerSqlite?.close();
  cache.sellerSqlite = undefined;
  await cache.sellerPrisma?.$disconnect();
  cache.sellerPrisma = undefined;
}
