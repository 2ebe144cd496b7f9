"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { copilotResponseSchema, MAX_QUESTION_LENGTH, type CopilotResponse } from "@/lib/copilot/api-schemas";
import { EXAMPLE_QUESTIONS } from "@/lib/copilot/examples";
import { ApiError, fetchJson } from "../api";
import { ErrorState, LoadingState } from "../states";
import { CopilotChart } from "./CopilotChart";
import { formatFigure } from "./format-figure";

function askCopilot(question: string): Promise<CopilotResponse> {
  return fetchJson("/api/copilot", copilotResponseSchema, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question }),
  });
}

/** Renders the copilot page: a question box, example questions, and the answer with its figures, period, tool call and chart. */
export function CopilotView() {
  const [question, setQuestion] = useState("");
  const ask = useMutation({ mutationFn: askCopilot });

  const submit = (text: string) => {
    const trimmed = text.trim();
    if (trimmed === "" || ask.isPending) return;
    setQuestion(trimmed);
    ask.mutate(trimmed);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(question);
  };

  return (
    <>
      <div className="page-header">
        <h1>Copilot</h1>
        <span className="muted">Ask about your sales, profit and ads. A small model on this machine picks the report; the numbers come from your data.</span>
      </div>

      <form className="card" onSubmit={onSubmit} style={{ display: "grid", gap: 12 }}>
        <label className="field">
          <span className="field__label">Your question</span>
          <textarea
            value={question}
            onChange={(event) => setQuestion(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && !event.shiftKey) {
                event.preventDefault();
                submit(question);
              }
            }}
            maxLength={MAX_QUESTION_LENGTH}
            rows={2}
            placeholder="e.g. What was my net profit last week?"
            style={{ width: "100%", font: "inherit", padding: 8, resize: "vertical" }}
          />
        </label>
        <div style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center" }}>
          <button type="submit" className="button button--primary" disabled={ask.isPending || question.trim() === ""}>
            Ask
          </button>
          <span className="muted">or try:</span>
          {EXAMPLE_QUESTIONS.map((example) => (
            <button key={example} type="button" className="button" disabled={ask.isPending} onClick={() => submit(example)}>
              {example}
            </button>
          ))}
        </div>
      </form>

      <section style={{ marginTop: 16 }} aria-live="polite">
        {ask.isPending && <LoadingState label="Reading the question and computing the answer…" />}
        {ask.isError && <CopilotError error={ask.error} onRetry={() => submit(question)} />}
        {ask.isSuccess && <CopilotAnswer response={ask.data} />}
      </section>
    </>
  );
}

function CopilotError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.status === 503) return <ErrorState title="The copilot's model is not built yet" error={error} />;
  if (error instanceof ApiError && error.status === 400) return <ErrorState title="The question could not be asked" error={error} />;
  return <ErrorState title="The copilot could not answer" error={error} onRetry={onRetry} />;
}

function CopilotAnswer({ response }: { response: CopilotResponse }) {
  const { result } = response;
  const currency = result.currency ?? "USD";
  return (
    <div style={{ display: "grid", gap: 16 }}>
      <article className="card">
        {result.period && (
          <p className="muted" style={{ marginTop: 0 }}>
            {result.period.description}
            {result.marketplace && ` · ${result.marketplace}`}
          </p>
        )}
        {response.answer.split("\n\n").map((paragraph, index) => (
          <p key={index} style={{ whiteSpace: "pre-wrap" }}>
            {paragraph}
          </p>
        ))}
        {result.figures.length > 0 && (
          <dl style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(160px, 1fr))", gap: 8, margin: "12px 0 0" }}>
            {result.figures.map((figure, index) => (
              <div key={`${figure.key}-${index}`} title={figure.missingReason}>
                <dt className="muted">{figure.label}</dt>
                <dd style={{ margin: 0, fontWeight: 600 }}>{figure.value === null ? "no value" : formatFigure(figure.value, figure.unit, currency, figure.key)}</dd>
              </div>
            ))}
            {result.change !== null && (
              <div>
                <dt className="muted">Change</dt>
                <dd style={{ margin: 0, fontWeight: 600 }}>{formatFigure(result.change, "ratio", currency)}</dd>
              </div>
            )}
          </dl>
        )}
        {result.link && (
          <p>
            <Link href={result.link.href}>{result.link.label} →</Link>
          </p>
        )}
        <p className="muted" style={{ fontSize: "0.8em", marginBottom: 0 }}>
          Tool call: <code>{response.callText}</code> · confidence {Math.round(response.confidence * 100)}% · model {Math.round(response.timings.generateMs)} ms, data{" "}
          {Math.round(response.timings.executeMs)} ms
        </p>
      </article>
      {result.chart && result.chart.data.length > 0 && <CopilotChart chart={result.chart} currency={currency} />}
    </div>
  );
}
