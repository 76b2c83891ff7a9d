import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// The generated Prisma clients (node_modules/.conduit/prisma-*) load their Wasm query compiler
// from disk, so the server build imports them where they are instead of bundling them.
function prismaClientsExternal(): Plugin {
  return {
    name: "conduit-prisma-clients-external",
    apply: "build",
    enforce: "pre",
    resolveId(source) {
      const match = source.match(/\.conduit\/(prisma-[a-z]+)\/index\.js$/);
      return match ? { id: `../../node_modules/.conduit/${match[1]}/index.js`, external: true } : null;
    },
  };
}

export default defineConfig({
  server: { port: Number(process.env.PORT ?? 3000), hmr: { port: 64999 } },
  plugins: [
    remix({
      // Tests build into a scratch directory and swap it in, so a running server never sees half a build.
      buildDirectory: process.env.CONDUIT_BUILD_DIR ?? "build",
      ignoredRouteFiles: ["**/.*", "**/*.test.ts"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: false,
      },
    }),
    tsconfigPaths(),
    prismaClientsExternal(),
  ],
  build: { assetsInlineLimit: 0 },
});
