"use client";

import { DemoDataBanner } from "../DemoDataBanner";
import { ImportForm } from "./ImportForm";
import { ImportHistory } from "./ImportHistory";
import { LoadDemoButton } from "../states";
import { useStatus } from "../use-dashboard-range";

export function ImportView() {
  const status = useStatus();

  return (
    <>
      {status.data?.empty === false && <DemoDataBanner />}
      <div className="page-header">
        <h1>Import reports</h1>
      </div>
      {status.data?.empty && (
        <p className="notice" style={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: 12 }}>
          The database is empty. Import your reports below, or look around with the demo data first.
          <LoadDemoButton />
        </p>
      )}
      <div className="card">
        <ImportForm />
      </div>
      <section className="section">
        <h2>Import history</h2>
        <ImportHistory />
      </section>
    </>
  );
}
