/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons are loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3", "onnxruntime-node", "@prisma/client", "@prisma/adapter-better-sqlite3", "exceljs"],
  // Uploads of Amazon reports can be large; route handlers stream them.
  experimental: { serverActions: { bodySizeLimit: "100mb" } },
};

export default nextConfig;
