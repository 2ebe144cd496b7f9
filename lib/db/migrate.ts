import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { resolveDatabaseFile } from "./path";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");
const PRISMA_CLI = path.join(PROJECT_ROOT, "node_modules", "prisma", "build", "index.js");

export interface MigrationOutcome {
  databaseFile: string;
  /** True when `prisma migrate deploy` ran; false when every migration was already applied. */
  ranPrisma: boolean;
  /** Output of `prisma migrate deploy`, "" when it did not run. */
  output: string;
}

/**
 * Applies the pending migrations of prisma/migrations to the seller database (creating the
 * file when absent) with `prisma migrate deploy`, as the tests' temporary databases do.
 * Skips the Prisma CLI (about one second) when every migration folder is already recorded
 * as applied with the same checksum. Throws with Prisma's output when the deploy fails.
 */
export async function migrateDatabase(env: NodeJS.ProcessEnv = process.env): Promise<MigrationOutcome> {
  const databaseFile = resolveDatabaseFile(env);
  if (pendingMigrations(databaseFile).length === 0) return { databaseFile, ranPrisma: false, output: "" };

  if (!fs.existsSync(PRISMA_CLI)) {
    throw new Error(
      `Cannot migrate ${databaseFile}: the Prisma CLI is missing at ${PRISMA_CLI}. Run "npm install" in ${PROJECT_ROOT} first.`,
    );
  }
  try {
    fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  } catch (error) {
    throw new Error(
      `Cannot create the folder of the database file ${databaseFile} (${(error as Error).message}); set SELLER_DB_FILE or SELLER_DATA_DIR to a writable location.`,
    );
  }

  // prisma.config.ts resolves the database from SELLER_DB_FILE, so pass the absolute path
  // resolved in the caller's working directory; the CLI itself runs in the project root.
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [PRISMA_CLI, "migrate", "deploy"],
      { cwd: PROJECT_ROOT, env: { ...env, SELLER_DB_FILE: databaseFile }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`.trim();
        if (error) {
          reject(new Error(`Migrating ${databaseFile} failed (prisma migrate deploy exited with ${error.code ?? error.message}):\n${text}`));
        } else {
          resolve(text);
        }
      },
    );
  });

  const stillPending = pendingMigrations(databaseFile);
  if (stillPending.length > 0) {
    throw new Error(`Migrating ${databaseFile} left migrations unapplied: ${stillPending.join(", ")}.\n${output}`);
  }
  return { databaseFile, ranPrisma: true, output };
}

/** Returns the names of the migration folders not yet applied to `databaseFile` (all of them when the file is absent). */
export function pendingMigrations(databaseFile: string): string[] {
  const expected = listMigrations();
  if (!fs.existsSync(databaseFile)) return expected.map((m) => m.name);

  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!hasTable) return expected.map((m) => m.name);

    const applied = db
      .prepare("SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as { migration_name: string; checksum: string }[];
    const checksumByName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
    return expected.filter((m) => checksumByName.get(m.name) !== m.checksum).map((m) => m.name);
  } finally {
    db.close();
  }
}

/** Lists the committed migrations with the SHA-256 of their SQL, which Prisma stores as the checksum. */
function listMigrations(): { name: string; checksum: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, entry.name, "migration.sql")))
    .map((entry) => {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, entry.name, "migration.sql"));
      return { name: entry.name, checksum: createHash("sha256").update(sql).digest("hex") };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
