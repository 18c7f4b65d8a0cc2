import { defineConfig, type Plugin } from 'vite';
import { resolve } from 'node:path';

/**
 * Bundles bench/models.bench.ts like bench/vite.config.ts bundles the fused bench: one
 * ESM file with everything inlined except 'webgpu'. BENCH_OUT picks the folder (default
 * node_modules/.bench). One bench-only change: GpuProfiler's query set is raised from 2048 to 4096
 * timestamps (the WebGPU maximum), because a GPT-2-small forward is ~1120 passes between collects
 * and the lab's 1024-pass set would leave its last layers untimed. The lab itself is unchanged.
 */
function profilerCapacity(): Plugin {
  return {
    name: 'bench-profiler-capacity',
    enforce: 'post',
    transform(code, id) {
      if (!id.includes('gpu/profiler')) return null;
      if (!/const CAPACITY = \d+;/.test(code)) throw new Error('profiler.ts: const CAPACITY = …; not found');
      return code.replace(/const CAPACITY = \d+;/, 'const CAPACITY = 4096;');
    },
  };
}

export default defineConfig({
  plugins: [profilerCapacity()],
  publicDir: false,
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    ssr: resolve(import.meta.dirname, 'models.bench.ts'),
    outDir: process.env.BENCH_OUT ?? resolve(import.meta.dirname, '../node_modules/.bench'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rollupOptions: { external: ['webgpu'], output: { format: 'es', entryFileNames: 'models.mjs' } },
  },
});
