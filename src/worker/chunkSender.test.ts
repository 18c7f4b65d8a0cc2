import { describe, expect, it } from 'vitest';
import type { Chunk } from '../schema/chunk';
import { chunkSender } from './chunkSender';

const progress = (done: number): Chunk => ({ kind: 'progress', runId: 1, done, total: 3, elapsedMs: 0 });

describe('chunkSender', () => {
  it('fails the run when a send fails, at the next chunk or at flush', async () => {
    const sent: number[] = [];
    const s = chunkSender((c) => {
      if (c.kind === 'progress' && c.done === 2) return Promise.reject(new Error('DataCloneError: could not be cloned'));
      if (c.kind === 'progress') sent.push(c.done);
      return Promise.resolve();
    });
    s.emit(progress(1));
    s.emit(progress(2));
    await expect(s.flush()).rejects.toThrow(/progress chunk could not be sent to the page \(DataCloneError/);
    expect(() => s.emit(progress(3))).toThrow(/could not be sent/);
    expect(sent).toEqual([1]);
  });

  it('a send that throws at once counts too; clean sends flush quietly', async () => {
    const bad = chunkSender(() => {
      throw new Error('detached');
    });
    bad.emit(progress(1));
    await expect(bad.flush()).rejects.toThrow(/detached/);
    const good = chunkSender(() => new Promise((r) => setTimeout(r, 5)));
    good.emit(progress(1));
    await expect(good.flush()).resolves.toBeUndefined();
  });
});
