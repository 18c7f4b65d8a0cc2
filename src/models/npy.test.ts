import { describe, expect, it } from 'vitest';
import { LabError } from '../schema/errors';
import { checkQkv, readTensorFile } from './importTensors';
import { readNpy, writeNpy } from './npy';
import { writeSafetensors } from './safetensors';

function npy(header: string, data: Uint8Array, version = 1): Uint8Array {
  const h = new TextEncoder().encode(header);
  const pre = version === 1 ? 10 : 12;
  const out = new Uint8Array(pre + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const v = new DataView(out.buffer);
  if (version === 1) v.setUint16(8, h.length, true);
  else v.setUint32(8, h.length, true);
  out.set(h, pre);
  out.set(data, pre + h.length);
  return out;
}

const f64 = (xs: number[]) => new Uint8Array(Float64Array.from(xs).buffer);
const expectBad = (f: () => unknown, re: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).message).toMatch(re);
    return;
  }
  throw new Error('did not throw');
};

describe('.npy reader', () => {
  it('round-trips float32 and reads float64 / float16, versions 1 and 2', () => {
    const t = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
    expect(readNpy(writeNpy(t))).toEqual(t);
    const r = readNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n", f64([0.5, -1, 2]), 2));
    expect(Array.from(r.data)).toEqual([0.5, -1, 2]);
    const h = readNpy(npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }\n", new Uint8Array([0, 0x3c, 0, 0xc0])));
    expect(Array.from(h.data)).toEqual([1, -2]);
  });
  it('rejects bad magic, versions, dtypes, order, truncation and header lies', () => {
    expectBad(() => readNpy(new Uint8Array(20)), /magic/);
    expectBad(() => readNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4), 9)), /version 9/);
    expectBad(() => readNpy(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4))), /dtype '>f4'/);
    expectBad(() => readNpy(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8))), /dtype '<i8'/);
    expectBad(() => readNpy(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", new Uint8Array(4))), /Fortran/);
    expectBad(() => readNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new Uint8Array(8))), /needs 16 data bytes but the file has 8/);
    expectBad(() => readNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8))), /trailing bytes/);
    expectBad(() => readNpy(npy("{'descr': '<f4', 'shape': (1,), }", new Uint8Array(4))), /lacks/);
    expectBad(() => readNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", new Uint8Array(4))), /absurdly large/);
    expectBad(() => readNpy(writeNpy({ data: new Float32Array(2), shape: [2] }).subarray(0, 30)), /runs past the end/);
  });
  it('imports Q, K, V from either format and checks they agree', () => {
    const q = { data: new Float32Array(2 * 4 * 3), shape: [2, 4, 3] };
    const st = readTensorFile(writeSafetensors({ q, k: q }));
    expect(st.get('k')!.shape).toEqual([2, 4, 3]);
    expect(readTensorFile(writeNpy(q), 'q').get('q')!.shape).toEqual([2, 4, 3]);
    expect(checkQkv(q, q, { data: new Float32Array(16), shape: [2, 4, 2] }).v!.shape).toEqual([2, 4, 2]);
    expectBad(() => checkQkv(q, { data: new Float32Array(8), shape: [2, 4] }), /differs/);
    expectBad(() => checkQkv(q, q, { data: new Float32Array(8), shape: [2, 2, 2] }), /leading dims/);
  });
});
