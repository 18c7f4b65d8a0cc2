import { defineConfig, type Plugin } from 'vite';
import { resolve } from 'node:path';

/**
 * The production pages' Content Security Policy: scripts, workers and styles only from this
 * origin, no inline script, no eval, no network beyond the origin. A <meta> tag, because the
 * lab is static files any host can serve. Build only: the dev server injects inline styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'attention-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

// Two pages: the lab, and a self-test that runs every kernel against its float64 twin in this browser.
export default defineConfig({
  plugins: [contentSecurityPolicy()],
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
