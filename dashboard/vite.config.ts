/**
 * Vite configuration of the dashboard. Run from the repository root with `vite build dashboard`
 * (output in `dashboard/dist`) or `vite dashboard` for the dev server, which forwards the API to a
 * server on http://localhost:8080 (`npm start` runs one).
 * @module
 */
import preact from '@preact/preset-vite';
import { defaultClientConditions, defineConfig } from 'vite';

const server = 'http://localhost:8080';

export default defineConfig({
  base: '/',
  plugins: [preact()],
  resolve: {
    // Workspace packages export `source` → src/*.ts: the dashboard builds against live contract code.
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    proxy: {
      // The live feed is a long-lived SSE response: no timeout on the proxy side.
      '/api': { target: server, timeout: 0, proxyTimeout: 0 },
      '/health': server,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
});
