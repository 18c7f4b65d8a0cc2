import { defineConfig, type Plugin } from 'vite';
import { resolve } from 'node:path';

/**
 * Hosts a Hugging Face download goes through when the user picks a hub model (src/models/hub.ts):
 * `https://huggingface.co/<repo>/resolve/main/model.safetensors` answers a redirect, relative
 * (/api/resolve-cache/…, same host) or to a storage host, and CSP applies to every redirect
 * target: one not listed fails the fetch like a network error. Named one by one, never `*.hf.co`.
 *  - huggingface.co: the resolve URL itself.
 *  - CDN edges: Hugging Face's "Downloading behind a proxy or firewall" table (hub-docs,
 *    models-downloading.md, 2026-07) lists us.aws.cdn.hf.co and us.gcp.cdn.hf.co; the regional
 *    names are the `cdnDomains` of https://huggingface.co/.well-known/meta.json. A resolve of a
 *    Xet-backed file was seen answering 302 to us.aws.cdn.hf.co/xet-bridge-us/… (2026-09).
 *  - LFS CDNs: cdn-lfs-us-1.hf.co, cdn-lfs-eu-1.hf.co (that table) and cdn-lfs.hf.co (meta.json
 *    `lfsDomains`), for files not yet on Xet.
 *  - cas-bridge.xethub.hf.co: the Xet bridge resolve redirected to before the CDN edges (seen
 *    in early 2026; the docs now call it legacy). Harmless to keep while old redirects linger.
 * The <meta> policy binds the page; a module worker's fetch follows the policy sent with the
 * worker script, so a host that sends this policy as a header binds the worker's download too.
 * Left out: the Xet protocol hosts (cas-server.*, transfer.*), which only Xet clients call, and
 * cdn-lfs(-us-1).huggingface.co, which no longer resolve.
 */
export const HUB_CONNECT_SRC = [
  'https://huggingface.co',
  'https://us.aws.cdn.hf.co',
  'https://us.gcp.cdn.hf.co',
  'https://aws.cdn.hf.co',
  'https://us-east-1.aws.cdn.hf.co',
  'https://us-west-2.aws.cdn.hf.co',
  'https://eu-west-3.aws.cdn.hf.co',
  'https://ap-southeast-1.aws.cdn.hf.co',
  'https://us-east1.us.gcp.cdn.hf.co',
  'https://us-central1.us.gcp.cdn.hf.co',
  'https://us-west4.us.gcp.cdn.hf.co',
  'https://europe-west4.us.gcp.cdn.hf.co',
  'https://asia-southeast1.us.gcp.cdn.hf.co',
  'https://cdn-lfs-us-1.hf.co',
  'https://cdn-lfs-eu-1.hf.co',
  'https://cdn-lfs.hf.co',
  'https://cas-bridge.xethub.hf.co',
] as const;

/**
 * The production pages' Content Security Policy: scripts, workers and styles only from this
 * origin, no inline script, no eval, no network beyond the origin except the Hugging Face hosts
 * above (used only when the user asks for a hub model). A <meta> tag, because the lab is static
 * files any host can serve. Build only: the dev server injects inline styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  `connect-src 'self' ${HUB_CONNECT_SRC.join(' ')}`,
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
