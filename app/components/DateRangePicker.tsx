"use client";

import { useEffect, useState } from "react";
import { formatDay } from "./format";
import { isDay, rangePresets } from "./date-presets";
import { useDashboardRange, useSetSearchParams } from "./use-dashboard-range";

/** Marketplace, from/to days and presets, stored in the URL so every page and reload shares them. */
export function DateRangePicker() {
  const { status, range } = useDashboardRange();
  const setSearchParams = useSetSearchParams();

  // Local drafts let the user type a day without navigating on every keystroke.
  const [fromDraft, setFromDraft] = useState("");
  const [toDraft, setToDraft] = useState("");
  useEffect(() => {
    if (range) {
      setFromDraft(range.from);
      setToDraft(range.to);
    }
  }, [range?.from, range?.to]);

  if (status.isPending) return <div className="range-picker range-picker--placeholder" aria-busy="true" />;
  if (status.isError || !range || status.data.empty) return null;

  const marketplaces = status.data.marketplaces;
  const entry = marketplaces.find((m) => m.code === range.marketplace);
  const presets = entry?.firstDay && entry.lastDay ? rangePresets(entry.lastDay, entry.firstDay) : [];
  const activePreset = presets.find((preset) => preset.from === range.from && preset.to === range.to);
  const draftError =
    isDay(fromDraft) && isDay(toDraft) && fromDraft > toDraft ? "The start day must be on or before the end day." : null;

  function applyDraft(from: string, to: string) {
    if (isDay(from) && isDay(to) && from <= to) setSearchParams({ from, to });
  }

  return (
    <div className="range-picker">
      <label className="field">
        <span className="field__label">Marketplace</span>
        <select
          value={range.marketplace}
          onChange={(event) => setSearchParams({ marketplace: event.target.value, from: null, to: null })}
        >
          {!entry && <option value={range.marketplace}>{range.marketplace} (no data)</option>}
          {marketplaces.map((m) => (
            <option key={m.code} value={m.code}>
              {m.code} · {m.currency}
            </option>
          ))}
        </select>
      </label>

      <label className="field">
        <span className="field__label">From</span>
        <input
          type="date"
          value={fromDraft}
          max={toDraft || undefined}
          onChange={(event) => {
            setFromDraft(event.target.value);
            applyDraft(event.target.value, toDraft);
          }}
          aria-invalid={draftError ? true : undefined}
        />
      </label>
      <label className="field">
        <span className="field__label">To</span>
        <input
          type="date"
          value={toDraft}
          min={fromDraft || undefined}
          onChange={(event) => {
            setToDraft(event.target.value);
            applyDraft(fromDraft, event.target.value);
          }}
          aria-invalid={draftError ? true : undefined}
        />
      </label>

      <div className="range-picker__presets" role="group" aria-label="Range presets">
        {presets.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className={preset === activePreset ? "chip chip--active" : "chip"}
            aria-pressed={preset === activePreset}
            onClick={() => setSearchParams({ from: preset.from, to: preset.to })}
          >
            {preset.label}
          </button>
        ))}
      </div>

      {draftError ? (
        <p className="range-picker__note range-picker__note--error" role="alert">
          {draftError}
        </p>
      ) : (
        entry?.firstDay &&
        entry.lastDay && (
          <p className="range-picker__note">
            Data from {formatDay(entry.firstDay)} to {formatDay(entry.lastDay)}; presets end on the last day with data.
          </p>
        )
      )}
    </div>
  );
}
