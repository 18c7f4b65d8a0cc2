import { defineConfig } from 'vite';
import { resolve } from 'node:path';

/** Bundles bench/llama.bench.ts into one ESM file with everything inlined except 'webgpu'; BENCH_OUT picks the folder. */
export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: resolve(import.meta.dirname, 'llama.bench.ts'),
    outDir: process.env.BENCH_OUT ?? resolve(import.meta.dirname, '../node_modules/.bench'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rollupOptions: { external: ['webgpu'], output: { format: 'es', entryFileNames: 'llama.mjs' } },
  },
});
