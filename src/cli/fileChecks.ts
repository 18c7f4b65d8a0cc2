import { closeSync, existsSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { MAX_FILE_BYTES, MAX_HEADER_BYTES } from '../models/safetensors';
import { runtimeError } from './errors';

/**
 * Checks on files before the command line reads or writes them, so hostile or mistaken paths fail
 * at once with one line: a device or pipe (`/dev/zero` never ends), a safetensors file whose header
 * promises more bytes than the file holds, an --out that cannot be written (found before the
 * batch, not after it).
 */

/** A regular file of at most `max` bytes, or a one-line error. Returns its size. */
export function regularFile(path: string, what: string, max = MAX_FILE_BYTES): number {
  if (!existsSync(path)) throw runtimeError(`${what} ${path}: no such file`);
  const st = statSync(path);
  if (!st.isFile()) throw runtimeError(`${what} ${path}: not a regular file (a device, pipe or folder cannot be read as one)`);
  if (st.size > max) throw runtimeError(`${what} ${path}: ${st.size} bytes, over the ${max}-byte limit`);
  return st.size;
}

function readAt(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.alloc(length);
  const got = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, got);
}

/**
 * A .safetensors file whose header fits in the file and whose tensors' byte ranges end within it,
 * checked by reading the header alone (the data is read only after this passes).
 */
export function checkSafetensorsFile(path: string, what: string): void {
  const size = regularFile(path, what);
  if (!/\.safetensors$/i.test(path)) return; // other formats have their own loaders and checks
  const fd = openSync(path, 'r');
  try {
    if (size < 8) throw runtimeError(`${what} ${path}: ${size} bytes, too short for a safetensors header`);
    const n = readAt(fd, 8, 0).readBigUInt64LE(0);
    if (n > BigInt(MAX_HEADER_BYTES) || 8n + n > BigInt(size)) {
      throw runtimeError(`${what} ${path}: the header claims ${n} bytes but the file has ${size} (truncated or not a safetensors file)`);
    }
    let header: Record<string, { data_offsets?: unknown }>;
    try {
      header = JSON.parse(readAt(fd, Number(n), 8).toString('utf8')) as typeof header;
    } catch {
      throw runtimeError(`${what} ${path}: the header is not JSON (not a safetensors file)`);
    }
    let end = 0;
    for (const [name, e] of Object.entries(header ?? {})) {
      if (name === '__metadata__') continue;
      const offs = e?.data_offsets;
      const last = Array.isArray(offs) ? Number(offs[1]) : NaN;
      if (!Number.isSafeInteger(last) || last < 0) throw runtimeError(`${what} ${path}: tensor ${name} has no valid data_offsets`);
      end = Math.max(end, last);
    }
    const need = 8 + Number(n) + end;
    if (need > size) throw runtimeError(`${what} ${path}: the header's tensors need ${need} bytes but the file has ${size} (truncated?)`);
  } finally {
    closeSync(fd);
  }
}

/** Proves `path` can be written, before any work: opens it for appending (creating it, then removing it, if it was not there). */
export function checkWritable(path: string, what: string): void {
  const existed = existsSync(path);
  if (existed && !statSync(path).isFile()) throw runtimeError(`${what} ${path}: not a regular file`);
  try {
    closeSync(openSync(path, 'a'));
  } catch (e) {
    throw runtimeError(`${what} ${path}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]})`);
  }
  if (!existed) unlinkSync(path);
}
