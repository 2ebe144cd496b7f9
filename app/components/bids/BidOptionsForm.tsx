"use client";

import { useState, type FormEvent } from "react";
import type { BidsResponse } from "@/lib/bids/api-schemas";
import { DEFAULT_BID_OPTIONS, bidOptionsSchema } from "@/lib/bids/options";
import { OPTION_FIELDS, optionInputValue } from "./bids-display";

/**
 * Renders the thresholds in use, each with its default, for editing. Applying writes the changed
 * values into the URL, so the API validates them and a reload keeps them.
 */
export function BidOptionsForm({ options, onApply }: { options: BidsResponse["options"]; onApply: (changes: Record<string, string | null>) => void }) {
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(OPTION_FIELDS.map((field) => [field.name, optionInputValue(field, options[field.name])])));
  const [problems, setProblems] = useState<string[]>([]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const changes: Record<string, string | null> = {};
    for (const field of OPTION_FIELDS) {
      const text = (draft[field.name] ?? "").trim();
      const value = field.percent && text !== "" ? String(Number(text) / 100) : text;
      // The default is left out of the URL, so that links stay short.
      changes[field.name] = value === "" || Number(value) === DEFAULT_BID_OPTIONS[field.name] ? null : value;
    }

    // The same schema as the API's, so that a bad value is named here instead of replacing the page with an error.
    const checked = bidOptionsSchema.safeParse(Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== null)));
    if (!checked.success) {
      setProblems(checked.error.issues.map((issue) => {
        const field = OPTION_FIELDS.find((entry) => entry.name === issue.path[0]);
        return `${field?.label ?? String(issue.path[0])}: ${issue.message}${field?.percent ? " (as a fraction; the field takes percent)" : ""}`;
      }));
      return;
    }
    setProblems([]);
    onApply(changes);
  }

  function reset() {
    setDraft(Object.fromEntries(OPTION_FIELDS.map((field) => [field.name, optionInputValue(field, DEFAULT_BID_OPTIONS[field.name])])));
    onApply(Object.fromEntries(OPTION_FIELDS.map((field) => [field.name, null])));
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Thresholds" data-testid="bid-options">
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(210px, 1fr))", gap: "10px 16px" }}>
        {OPTION_FIELDS.map((field) => (
          <label key={field.name} className="field" title={field.help}>
            <span className="field__label">
              {field.label} ({field.unit}) · default {optionInputValue(field, DEFAULT_BID_OPTIONS[field.name])}
            </span>
            <input
              name={field.name}
              inputMode="decimal"
              value={draft[field.name] ?? ""}
              onChange={(event) => setDraft({ ...draft, [field.name]: event.target.value })}
            />
          </label>
        ))}
      </div>
      {problems.length > 0 && (
        <ul className="state__message state__message--error" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <button type="submit" className="button button--primary">
          Apply thresholds
        </button>
        <button type="button" className="button" onClick={reset}>
          Reset to defaults
        </button>
        <span className="muted" style={{ fontSize: 12 }}>
          Hover a field for what it sets.
        </span>
      </div>
    </form>
  );
}
