import Link from "next/link";

export default function NotFound() {
  return (
    <div className="state">
      <h1 className="state__title">Page not found</h1>
      <p>This address is not part of the dashboard.</p>
      <div className="state__actions">
        <Link className="button button--primary" href="/">
          Go to the Overview
        </Link>
        <Link className="button" href="/import">
          Import reports
        </Link>
      </div>
    </div>
  );
}
