import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM-backed server packages stay out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "livekit-server-sdk"],
  poweredByHeader: false,
};

export default nextConfig;
