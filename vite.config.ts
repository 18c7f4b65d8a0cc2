import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Two pages: the lab, and a self-test that runs every kernel against its float64 twin in this browser.
export default defineConfig({
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        selftest: resolve(import.meta.dirname, 'selftest.html'),
      },
    },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
