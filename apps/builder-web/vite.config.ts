import { defineConfig } from "vite";

// JSX goes through Vite's own esbuild transform (automatic runtime), so no React plugin is needed:
// the builder has no dev-time fast refresh requirement and one dependency fewer is one less to audit.
// `base: "./"` makes asset URLs relative, so the same dist works at `/` behind the API and from any
// static server; routing is hash-based (`#/workflows/<id>`), so the API's index.html fallback never
// has to know about client routes.
export default defineConfig(({ command }) => ({
  base: "./",
  // A build is always a production build, even when the calling process has NODE_ENV=test (jest,
  // `./bos test`): otherwise Vite inlines that value and React's development build gets shipped.
  define: command === "build" ? { "process.env.NODE_ENV": JSON.stringify("production") } : {},
  esbuild: { jsx: "automatic", jsxDev: command !== "build" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      onwarn(warning, warn) {
        // @xyflow/react starts with "use client" (a React Server Components marker); it means nothing
        // in a client-only bundle, and Rollup warns about every such directive it drops.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE" || warning.code === "SOURCEMAP_ERROR") return;
        warn(warning);
      },
    },
  },
}));
