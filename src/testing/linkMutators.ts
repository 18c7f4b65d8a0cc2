/**
 * Mutators for URL-hash links ('#k=v&…'): what a truncated paste, a mangling mail client or a
 * hostile author can produce. Used by src/url/codec.fuzz.test.ts.
 */
import type { Rng } from '../engine/random';
import type { Mutator } from './fuzz';

type Pair = [string, string];

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pickOf = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)] as T;

/** Splits without decoding, so the mutation works on the raw text a link carries. */
function pairs(hash: string): Pair[] {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  return text.split('&').filter(Boolean).map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? [p, ''] : [p.slice(0, at), p.slice(at + 1)];
  });
}

const join = (ps: Pair[]) => `#${ps.map(([k, v]) => `${k}=${v}`).join('&')}`;

/** Replaces the value of one random pair. */
function withValue(hash: string, rng: Rng, value: (old: string) => string): string {
  const ps = pairs(hash);
  if (ps.length === 0) return hash;
  const i = int(rng, ps.length);
  const [k, v] = ps[i] as Pair;
  ps[i] = [k, value(v)];
  return join(ps);
}

const HUGE = ['1e400', '-1e400', '9'.repeat(400), '1e308', '1.7976931348623157e308', '9007199254740993',
  '4294967296', '-1', '-0', '0.0000000000000000001', '1e-400', '2147483648', '1' + '0'.repeat(30)];
const NAN_INF = ['NaN', 'nan', 'Infinity', '-Infinity', 'inf', 'undefined', 'null', '', '0x10', '1_000', '١٢', '+5', '.5', '5.'];
const UNICODE = ['é', '𝔑', '😀', '\u202e', '\u200b', '\ufeff', '\u0000', '\ud800', '\udfff', 'Ω', '\u0301', '\n', '\t', ' '];
const PERCENT = ['%', '%%', '%zz', '%E0%A4%A', '%00', '%25', '%2', '%C0%AF', '%FF%FE', '%ED%A0%80', '%26', '%3D', '%23', '+'];
const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)',
  '<svg/onload=alert(1)>', "'-alert(1)-'", '{{constructor.constructor("alert(1)")()}}', '${alert(1)}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const insertAt = (s: string, rng: Rng, piece: string) => {
  const at = int(rng, s.length + 1);
  return s.slice(0, at) + piece + s.slice(at);
};

export const LINK_MUTATORS: readonly Mutator<string>[] = [
  { name: 'truncate', mutate: (h, rng) => h.slice(0, int(rng, h.length + 1)) },
  {
    name: 'byte-flip',
    mutate: (h, rng) => {
      let s = h;
      for (let f = 1 + int(rng, 3); f > 0; f--) {
        const at = int(rng, s.length);
        s = s.slice(0, at) + String.fromCharCode(int(rng, 128)) + s.slice(at + 1);
      }
      return s;
    },
  },
  {
    name: 'key-value-swap',
    mutate: (h, rng) => {
      const ps = pairs(h);
      if (ps.length < 2) return h;
      const i = int(rng, ps.length);
      const j = int(rng, ps.length);
      const a = ps[i] as Pair;
      const b = ps[j] as Pair;
      const r = rng();
      if (r < 0.33) ps[i] = [a[1], a[0]]; // key and value of one pair
      else if (r < 0.66) [ps[i], ps[j]] = [[a[0], b[1]], [b[0], a[1]]]; // values between keys
      else [ps[i], ps[j]] = [[b[0], a[1]], [a[0], b[1]]]; // keys between values
      return join(ps);
    },
  },
  { name: 'huge-number', mutate: (h, rng) => withValue(h, rng, () => pickOf(rng, HUGE)) },
  { name: 'nan-inf', mutate: (h, rng) => withValue(h, rng, () => pickOf(rng, NAN_INF)) },
  {
    name: 'unicode',
    mutate: (h, rng) => insertAt(h, rng, Array.from({ length: 1 + int(rng, 4) }, () => pickOf(rng, UNICODE)).join('')),
  },
  { name: 'percent-garbage', mutate: (h, rng) => insertAt(h, rng, pickOf(rng, PERCENT)) },
  {
    name: 'repeated-key',
    mutate: (h, rng) => {
      const ps = pairs(h);
      if (ps.length === 0) return h;
      const [k, v] = pickOf(rng, ps);
      const extra: Pair = [k, rng() < 0.5 ? v : String(int(rng, 10_000) - 5000)];
      ps.splice(int(rng, ps.length + 1), 0, extra);
      return join(ps);
    },
  },
  {
    name: 'over-long',
    mutate: (h, rng) => {
      const r = rng();
      if (r < 0.33) return h + '&pad=' + 'a'.repeat(8000 + int(rng, 4000));
      if (r < 0.66) return withValue(h, rng, (v) => v.repeat(1 + int(rng, 3000)));
      return h + `&x${int(rng, 9)}=1`.repeat(1 + int(rng, 2000));
    },
  },
  {
    name: 'version',
    mutate: (h, rng) => {
      const ps = pairs(h).filter(([k]) => k !== 'v');
      const r = rng();
      if (r < 0.25) return join(ps); // none
      const v = pickOf(rng, ['0', '2', '99', '1.0', '01', '-1', 'one', '1e0', ' 1', '']);
      return join([['v', v], ...ps]);
    },
  },
  {
    name: 'xss',
    mutate: (h, rng) => {
      const payload = encodeURIComponent(pickOf(rng, XSS));
      if (rng() < 0.5) return withValue(h, rng, () => payload);
      return join([...pairs(h), [payload, payload]]);
    },
  },
  {
    name: 'drop-key',
    mutate: (h, rng) => {
      const ps = pairs(h);
      ps.splice(int(rng, ps.length), 1 + int(rng, 3));
      return join(ps);
    },
  },
];
