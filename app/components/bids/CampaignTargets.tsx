"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { campaignTargetResponseSchema, type BidCampaign } from "@/lib/bids/api-schemas";
import { fetchJson } from "../api";
import { DataTable, type Column } from "../DataTable";
import { formatValue } from "../format";

const SOURCE_LABELS: Record<string, string> = {
  campaign: "set for the campaign",
  adGroupProducts: "break-even of the ad group's SKUs",
  campaignProducts: "break-even of the campaign's SKUs",
  account: "break-even of the account",
};

/** Renders each campaign's target ACoS in use, with its source, and a field to set or remove the seller's own. */
export function CampaignTargets({ marketplace, currency, campaigns }: { marketplace: string; currency: string; campaigns: BidCampaign[] }) {
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (change: { campaign: string; targetAcos: number | null }) =>
      fetchJson("/api/bids/campaigns", campaignTargetResponseSchema, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ marketplace, ...change }),
      }),
    // Every recommendation of the campaign depends on its target ACoS.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["/api/bids"] }),
  });

  /** The field's text: the seller's edit, else the stored setting in percent. */
  function fieldText(row: BidCampaign): string {
    return drafts[row.campaign] ?? (row.setting ? String(Number((row.setting.targetAcos * 100).toFixed(2))) : "");
  }

  function submit(row: BidCampaign) {
    // An unedited field submits the stored value; an emptied one removes it.
    const text = fieldText(row).trim();
    const percent = Number(text);
    if (text !== "" && !(Number.isFinite(percent) && percent > 0 && percent <= 100)) {
      setInvalid(`Invalid target ACoS "${text}" for ${row.campaign}: enter a percentage above 0 and at most 100, or leave the field empty to use the break-even ACoS.`);
      return;
    }
    setInvalid(null);
    save.mutate({ campaign: row.campaign, targetAcos: text === "" ? null : percent / 100 });
  }

  const columns: Column<BidCampaign>[] = [
    { key: "campaign", header: "Campaign", value: (row) => row.campaign },
    { key: "targetingType", header: "Targeting", value: (row) => row.targetingType },
    { key: "spend", header: "Spend", numeric: true, value: (row) => row.spend, render: (row) => formatValue(row.spend, "money", currency) },
    { key: "acos", header: "ACoS", numeric: true, value: (row) => (row.sales > 0 ? row.spend / row.sales : null), render: (row) => formatValue(row.sales > 0 ? row.spend / row.sales : null, "percent", currency) },
    { key: "breakEvenAcos", header: "Break-even ACoS", numeric: true, description: "Margin before ad spend of the advertised SKUs (P&L of the lookback)", value: (row) => row.breakEvenAcos, render: (row) => formatValue(row.breakEvenAcos, "percent", currency) },
    {
      key: "targetAcos",
      header: "Target ACoS in use",
      numeric: true,
      value: (row) => row.targetAcos,
      render: (row) => (
        <span title={row.targetAcosExplanation}>
          {formatValue(row.targetAcos, "percent", currency)} <span className="muted">{row.targetAcosSource ? SOURCE_LABELS[row.targetAcosSource] : "none"}</span>
        </span>
      ),
    },
    {
      key: "setting",
      header: "Your target ACoS (%)",
      value: (row) => row.setting?.targetAcos ?? null,
      render: (row) => (
        <form
          style={{ display: "flex", gap: 6 }}
          onSubmit={(event) => {
            event.preventDefault();
            submit(row);
          }}
        >
          <input
            aria-label={`Target ACoS of ${row.campaign} in percent`}
            inputMode="decimal"
            size={5}
            placeholder={row.setting ? undefined : "e.g. 25"}
            value={fieldText(row)}
            onChange={(event) => setDrafts({ ...drafts, [row.campaign]: event.target.value })}
          />
          <button type="submit" className="button" disabled={save.isPending}>
            Save
          </button>
          {row.setting && (
            <button
              type="button"
              className="button"
              disabled={save.isPending}
              onClick={() => {
                setDrafts({ ...drafts, [row.campaign]: "" });
                save.mutate({ campaign: row.campaign, targetAcos: null });
              }}
            >
              Use break-even
            </button>
          )}
        </form>
      ),
    },
  ];

  return (
    <>
      <DataTable testId="bid-campaigns" rows={campaigns} columns={columns} rowKey={(row) => row.campaign} initialSort={{ key: "spend", direction: "desc" }} />
      {invalid && (
        <p className="state__message state__message--error" role="alert">
          {invalid}
        </p>
      )}
      {save.isError && (
        <p className="state__message state__message--error" role="alert">
          {save.error.message}
        </p>
      )}
      <p className="table-note">
        A campaign without its own target uses the break-even ACoS of its advertised SKUs minus the desired profit margin. Leave the field empty and save, or press
        “Use break-even”, to remove a target.
      </p>
    </>
  );
}
