import type { Metadata } from "next";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { Providers } from "./components/providers";
import { TopBar } from "./components/TopBar";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Seller Copilot", template: "%s · Seller Copilot" },
  description: "Profit and advertising analytics for Amazon sellers, computed on your own machine.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="header">
            <div className="header__inner">
              <Link href="/" className="brand">
                Seller Copilot
              </Link>
              <Suspense fallback={<nav className="nav" aria-busy="true" />}>
                <TopBar />
              </Suspense>
            </div>
          </header>
          <main className="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
