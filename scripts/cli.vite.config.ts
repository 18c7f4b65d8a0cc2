import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/**
 * Bundles the command line (src/cli/main.ts) for Node into dist-cli/attention-lab.mjs
 * (npm run build:cli); bin/attention-lab.mjs loads it. WGSL comes in through `?raw` as in the
 * app. `webgpu` (Dawn, a native addon) stays an import, loaded only when a GPU is asked for.
 */
export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: resolve(import.meta.dirname, '../src/cli/main.ts'),
    outDir: resolve(import.meta.dirname, '../dist-cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { external: ['webgpu'], output: { entryFileNames: 'attention-lab.mjs' } },
  },
});
