"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { DateRangePicker } from "./DateRangePicker";
import { useHrefWithRange } from "./use-dashboard-range";

const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/products", label: "Products" },
  { href: "/advertising", label: "Advertising" },
  { href: "/bids", label: "Bids" },
  { href: "/alerts", label: "Alerts" },
  { href: "/copilot", label: "Copilot" },
  { href: "/import", label: "Import" },
] as const;

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** Navigation that carries the range parameters from page to page, and the range picker on the data pages. */
export function TopBar() {
  const pathname = usePathname();
  const hrefWithRange = useHrefWithRange();
  const showPicker = !pathname.startsWith("/import") && !pathname.startsWith("/copilot");

  return (
    <>
      <nav className="nav" aria-label="Main">
        {NAV_ITEMS.map((item) => (
          <Link
            key={item.href}
            href={hrefWithRange(item.href)}
            className={isActive(pathname, item.href) ? "nav__link nav__link--active" : "nav__link"}
            aria-current={isActive(pathname, item.href) ? "page" : undefined}
          >
            {item.label}
          </Link>
        ))}
      </nav>
      {showPicker && <DateRangePicker />}
    </>
  );
}
