/**
 * Bring-your-own tensors: Q, K (optionally V) or attention maps from `.npy` or
 * `.safetensors` files, as written by tools/export_attention.py. Shapes accepted per tensor:
 * [n, d] (one head), [heads, n, d] or [layers, heads, n, d]; maps are [.., n, n].
 */
import { LabError } from '../schema/errors';
import { IMPORT_BOUNDS, MAX_IMPORT_NAME, type ImportSource } from '../schema/experiment';
import type { Tensor } from '../schema/tensor';
import { readNpy } from './npy';
import { parseSafetensors, tensorF32 } from './safetensors';

/** Reads every tensor in a `.npy` (named `name`) or `.safetensors` file, detected by its bytes. */
export function readTensorFile(bytes: Uint8Array, name = 'tensor'): Map<string, Tensor> {
  if (bytes[0] === 0x93 && bytes[1] === 0x4e) return new Map([[name, readNpy(bytes)]]);
  const f = parseSafetensors(bytes);
  return new Map([...f.entries.keys()].map((k) => [k, tensorF32(f, k)]));
}

export interface QkvSet {
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor | null;
}

/** Checks that Q, K (and V) agree: same rank 2–4, same leading dims and length n, Q and K same d. */
export function checkQkv(q: Tensor, k: Tensor, v: Tensor | null = null): QkvSet {
  const bad = (m: string): LabError => new LabError('bad-input', `imported tensors: ${m}`);
  const r = q.shape.length;
  if (r < 2 || r > 4) throw bad(`Q has rank ${r}; expected [n, d], [heads, n, d] or [layers, heads, n, d]`);
  const same = (a: readonly number[], b: readonly number[], upto: number) => a.length === b.length && a.slice(0, upto).every((x, i) => x === b[i]);
  if (!same(q.shape, k.shape, r)) throw bad(`K shape [${k.shape.join(', ')}] differs from Q shape [${q.shape.join(', ')}]`);
  if (v && !same(q.shape, v.shape, r - 1)) throw bad(`V shape [${v.shape.join(', ')}] does not match Q's leading dims [${q.shape.slice(0, r - 1).join(', ')}]`);
  return { q, k, v };
}

/** One dropped file: its name (the stem names a `.npy` tensor) and bytes. */
export interface ImportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * What the lab keeps of an import: its description (the link's part) and the tensors, each
 * widened to [layers, heads, n, d] (maps to [layers, heads, n, n]). Q and K drive the run when
 * present; otherwise the maps do. V is null when none was imported.
 */
export interface ImportedTensors {
  readonly source: ImportSource;
  readonly q: Float32Array | null;
  readonly k: Float32Array | null;
  readonly v: Float32Array | null;
  readonly maps: Float32Array | null;
}

/** Names a tensor may have (case-insensitive), by role. */
const ROLES = { q: ['q', 'query'], k: ['k', 'key'], v: ['v', 'value'], maps: ['attn', 'attention', 'maps'] } as const;
type Role = keyof typeof ROLES;

const roleOf = (name: string): Role | null =>
  (Object.keys(ROLES) as Role[]).find((r) => (ROLES[r] as readonly string[]).includes(name.toLowerCase())) ?? null;

const stem = (file: string) => file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');

/** Widens [n, d] or [heads, n, d] to [layers, heads, n, d]. */
function as4d(t: Tensor, what: string): readonly [number, number, number, number] {
  const s = t.shape;
  if (s.length < 2 || s.length > 4) throw new LabError('bad-input', `imported tensors: ${what} has shape [${s.join(', ')}]; expected [n, d], [heads, n, d] or [layers, heads, n, d]`);
  const pad = [1, 1, 1, 1].slice(0, 4 - s.length).concat(s);
  return pad as unknown as [number, number, number, number];
}

function checkBounds(what: string, shape: readonly [number, number, number, number], d: number): void {
  const [layers, heads, n] = shape;
  const over = (x: number, name: keyof typeof IMPORT_BOUNDS) => x < IMPORT_BOUNDS[name].min || x > IMPORT_BOUNDS[name].max;
  if (over(layers, 'layers') || over(heads, 'heads') || over(n, 'seqLen') || over(d, 'headDim') || n < 1) {
    const b = IMPORT_BOUNDS;
    throw new LabError('bad-input', `imported tensors: ${what} is ${layers} layers × ${heads} heads × n ${n} × d ${d}; the lab takes at most ${b.layers.max} layers, ${b.heads.max} heads, n ≤ ${b.seqLen.max}, d ≤ ${b.headDim.max}`);
  }
}

function checkFinite(t: Tensor, what: string): void {
  const i = t.data.findIndex((x) => !Number.isFinite(x));
  if (i >= 0) throw new LabError('bad-input', `imported tensors: ${what} has a non-finite value (${t.data[i]}) at flat index ${i}`);
}

/**
 * Checks that maps [layers, heads, n, n] are causal attention: finite, non-negative, each row i
 * summing to 1 within 1e-3 over keys 0…i, and 0 (within 1e-6) above the diagonal. Names the
 * tensor and the first bad row.
 */
export function checkMaps(data: Float32Array, layers: number, heads: number, n: number, name = 'attn'): void {
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < n; i++) {
        const at = ((l * heads + h) * n + i) * n;
        const where = `${name}: layer ${l}, head ${h}, row ${i}`;
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const x = data[at + j] as number;
          if (!Number.isFinite(x) || x < 0) throw new LabError('bad-input', `imported maps ${where}: value ${x} at key ${j} (maps must be finite and non-negative)`);
          if (j > i && x > 1e-6) throw new LabError('bad-input', `imported maps ${where}: key ${j} > ${i} has ${x}; causal maps are 0 above the diagonal`);
          if (j <= i) sum += x;
        }
        if (Math.abs(sum - 1) > 1e-3) throw new LabError('bad-input', `imported maps ${where} sums to ${sum.toPrecision(6)} over keys 0…${i}; each row must be a probability distribution (sum 1 within 1e-3)`);
      }
    }
  }
}

/**
 * Reads an import from dropped files: one `.safetensors` holding q, k[, v][, attn], or several
 * `.npy` files named by their stem (q.npy, k.npy, v.npy / attn.npy). Q and K, when present, drive
 * the run (an attn tensor beside them is ignored); else attention maps alone. Everything is
 * checked before it is kept: shapes agree, bounds, finiteness, and maps are causal distributions.
 */
export function readImport(files: readonly ImportFile[]): ImportedTensors {
  if (files.length === 0) throw new LabError('bad-input', 'imported tensors: no file');
  const found = new Map<Role, { t: Tensor; from: string; name: string }>();
  for (const f of files) {
    const tensors = readTensorFile(f.bytes, stem(f.name));
    for (const [name, t] of tensors) {
      const role = roleOf(name);
      if (!role) {
        if (tensors.size === 1) throw new LabError('bad-input', `imported tensors: ${f.name} holds "${name}"; name the files q.npy, k.npy, v.npy or attn.npy (or the tensors q, k, v, attn in a .safetensors)`);
        continue; // extra tensors in a safetensors file are ignored
      }
      if (found.has(role)) throw new LabError('bad-input', `imported tensors: two tensors for ${role} (${found.get(role)?.from} and ${f.name})`);
      found.set(role, { t, from: f.name, name });
    }
  }
  const name = files.map((f) => f.name.replace(/^.*[\\/]/, '')).join('+').slice(0, MAX_IMPORT_NAME);
  const q = found.get('q')?.t;
  const k = found.get('k')?.t;
  const v = found.get('v')?.t ?? null;
  const maps = found.get('maps')?.t;
  if (q || k) {
    if (!q || !k) throw new LabError('bad-input', `imported tensors: ${q ? 'K' : 'Q'} is missing (import Q and K together, or attention maps alone)`);
    checkQkv(q, k, v);
    const shape = as4d(q, 'Q');
    const d = shape[3];
    if (v && v.shape[v.shape.length - 1] !== d) throw new LabError('bad-input', `imported tensors: V has width ${v.shape[v.shape.length - 1]} but Q and K have d = ${d}; the lab needs V of the same width`);
    checkBounds('Q', shape, d);
    if (d < 1) throw new LabError('bad-input', 'imported tensors: Q and K have width d = 0');
    checkFinite(q, 'Q');
    checkFinite(k, 'K');
    if (v) checkFinite(v, 'V');
    return {
      source: { kind: 'import', name, layers: shape[0], heads: shape[1], seqLen: shape[2], headDim: d, hasV: v !== null, maps: false },
      q: q.data, k: k.data, v: v?.data ?? null, maps: null,
    };
  }
  if (!maps) throw new LabError('bad-input', 'imported tensors: found neither Q and K nor attention maps (name them q, k, v or attn)');
  const shape = as4d(maps, 'attn');
  const [layers, heads, n, n2] = shape;
  if (n !== n2) throw new LabError('bad-input', `imported tensors: attn has shape [${maps.shape.join(', ')}]; maps must be square [.., n, n]`);
  let d = 0;
  if (v) {
    const vs = as4d(v, 'V');
    if (vs[0] !== layers || vs[1] !== heads || vs[2] !== n) throw new LabError('bad-input', `imported tensors: V shape [${v.shape.join(', ')}] does not match the maps' [${maps.shape.join(', ')}]`);
    d = vs[3];
    checkFinite(v, 'V');
  }
  checkBounds('attn', [layers, heads, n, n], d);
  checkMaps(maps.data, layers, heads, n, found.get('maps')?.name);
  return {
    source: { kind: 'import', name, layers, heads, seqLen: n, headDim: d, hasV: v !== null, maps: true },
    q: null, k: null, v: v?.data ?? null, maps: maps.data,
  };
}
