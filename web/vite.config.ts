import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The built app is served by the local gateway (and CloudFront) on the same origin as /api;
// the proxy only matters when running `vite` or `vite preview` on their own.
const apiProxy = { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // No @preact/preset-vite here: Oxc compiles JSX straight to preact's automatic runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
});
