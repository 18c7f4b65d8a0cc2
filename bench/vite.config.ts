import { defineConfig, type Plugin } from 'vite';
import { resolve } from 'node:path';

/**
 * Bundles bench/fused.bench.ts into one ESM file with everything inlined except 'webgpu' (Dawn),
 * so the same file runs here (SwiftShader) and on the GPU machine beside .device/node_modules.
 * BENCH_OUT picks the folder: node_modules/.bench here (npm run bench), .device for the H200.
 * BENCH_TM (bench builds only) rebuilds common/flashTile.wgsl with another rows-per-invocation
 * TM, so one device run can compare tilings; the lab itself always uses the file as committed.
 */
function tileVariant(): Plugin {
  const tm = process.env.BENCH_TM;
  return {
    name: 'bench-tile-variant',
    enforce: 'post',
    transform(code, id) {
      if (!tm || !id.includes('flashTile.wgsl')) return null;
      if (!/const TM = \d+u;/.test(code)) throw new Error('flashTile.wgsl: const TM = …u; not found');
      return code.replace(/const TM = \d+u;/, `const TM = ${Number(tm)}u;`);
    },
  };
}

export default defineConfig({
  plugins: [tileVariant()],
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: resolve(import.meta.dirname, 'fused.bench.ts'),
    outDir: process.env.BENCH_OUT ?? resolve(import.meta.dirname, '../node_modules/.bench'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rollupOptions: { external: ['webgpu'], output: { format: 'es', entryFileNames: process.env.BENCH_TM ? `bench_tm${process.env.BENCH_TM}.mjs` : 'bench.mjs' } },
  },
});
