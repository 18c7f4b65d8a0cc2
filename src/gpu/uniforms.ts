/**
 * Uniform layouts derived from the WGSL source, never from hand-added byte offsets
 * (STYLE.md habit 3). Our parameter structs hold only 4-byte scalars (u32, i32, f32), so
 * field k lives at byte 4k and the struct is padded to 16 bytes.
 */

export type ScalarType = 'u32' | 'i32' | 'f32';

export interface StructField {
  readonly name: string;
  readonly type: ScalarType;
}

/** Reads `struct <name> { a: u32, b: f32, … }` from WGSL source. Throws on anything but 4-byte scalars. */
export function parseStruct(wgsl: string, name: string): StructField[] {
  const m = new RegExp(`struct\\s+${name}\\s*\\{([^}]*)\\}`).exec(wgsl);
  if (!m || m[1] === undefined) throw new Error(`WGSL struct ${name} not found`);
  const body = m[1].replace(/\/\/[^\n]*/g, '');
  return body
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0)
    .map((f) => {
      const [fname, ftype] = f.split(':').map((x) => x.trim());
      if (!fname || (ftype !== 'u32' && ftype !== 'i32' && ftype !== 'f32')) {
        throw new Error(`WGSL struct ${name}: field "${f}" is not a 4-byte scalar`);
      }
      return { name: fname, type: ftype };
    });
}

/** Byte size of the struct as a uniform (rounded up to 16). */
export function structSize(fields: readonly StructField[]): number {
  return Math.max(16, Math.ceil((fields.length * 4) / 16) * 16);
}

/**
 * Packs values into the struct's layout. Every field must be given except those whose name
 * starts with `_` (padding); a value for a field the struct lacks is an error, so a renamed
 * WGSL field cannot silently read 0.
 */
export function packStruct(
  fields: readonly StructField[],
  values: Readonly<Record<string, number>>,
): ArrayBuffer {
  const buf = new ArrayBuffer(structSize(fields));
  const view = new DataView(buf);
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) throw new Error(`uniform value "${key}" has no WGSL field`);
  }
  fields.forEach((f, k) => {
    const v = values[f.name];
    if (v === undefined) {
      if (f.name.startsWith('_')) return;
      throw new Error(`uniform field "${f.name}" not given`);
    }
    if (f.type === 'f32') view.setFloat32(4 * k, v, true);
    else if (f.type === 'u32') view.setUint32(4 * k, v, true);
    else view.setInt32(4 * k, v, true);
  });
  return buf;
}
