import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/** Bundles scripts/precompute.ts for Node (npm run precompute). */
export default defineConfig({
  ssr: { noExternal: true },
  build: {
    ssr: resolve(import.meta.dirname, 'precompute.ts'),
    outDir: resolve(import.meta.dirname, '../node_modules/.precompute'),
    emptyOutDir: true,
    rollupOptions: { output: { entryFileNames: 'precompute.mjs' } },
  },
});
