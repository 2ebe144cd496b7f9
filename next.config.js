/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets two builds of one checkout (say, a test run and a developer's build) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native addons are loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3", "onnxruntime-node", "@prisma/client", "@prisma/adapter-better-sqlite3", "exceljs"],
  // Uploads of Amazon reports can be large; route handlers stream them.
  experimental: { serverActions: { bodySizeLimit: "100mb" } },
};

export default nextConfig;
