/**
 * The questions sellers ask, kept in the CopilotQuestion table with the call the model
 * decoded. Pruning calibrates on them (pruning/seller-calibration.ts), so the pruned model
 * is fitted to the questions this seller actually asks.
 */
import type Database from "better-sqlite3";
import { sqlite } from "../db/client";

export interface AskedQuestion {
  askedAt: string; // UTC ISO instant
  marketplace: string;
  question: string;
  callText: string;
  confidence: number;
}

/** Appends one asked question to the log of the seller database. */
export function recordQuestion(entry: AskedQuestion, db: Database.Database = sqlite()): void {
  db.prepare("INSERT INTO CopilotQuestion (askedAt, marketplace, question, callText, confidence) VALUES (@askedAt, @marketplace, @question, @callText, @confidence)").run(entry);
}

/** Returns the most recent `limit` distinct questions, newest first, optionally of one marketplace. */
export function readAskedQuestions(db: Database.Database, options: { limit?: number; marketplace?: string } = {}): AskedQuestion[] {
  const where = options.marketplace === undefined ? "" : "WHERE marketplace = @marketplace";
  return db
    .prepare(
      `SELECT askedAt, marketplace, question, callText, confidence FROM CopilotQuestion
       WHERE id IN (SELECT MAX(id) FROM CopilotQuestion ${where} GROUP BY question)
       ORDER BY askedAt DESC, id DESC LIMIT @limit`,
    )
    .all({ limit: options.limit ?? 1000, ...(options.marketplace === undefined ? {} : { marketplace: options.marketplace }) }) as AskedQuestion[];
}
