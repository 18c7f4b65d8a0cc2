import { useLab } from '../../state/useLab';
import type { ImportFileDrop } from '../../state/store';

/**
 * In place of the maps while the lab waits for your tensors: you picked "Your tensors" and have
 * not dropped any, or a link names imported files this tab does not have (links carry only
 * their description). Says what to do next, and takes the files right here.
 */
export function ImportWait() {
  const ask = useLab((s) => s.askImport && s.experiment.source.kind !== 'import');
  const missing = useLab((s) => (s.experiment.source.kind === 'import' && s.results.status === 'error' ? s.experiment.source.name : null));
  const reading = useLab((s) => s.importReading);
  const drop = useLab((s) => s.dropImportFiles);
  if (!ask && !missing) return null;
  const take = (list: FileList | null | undefined) => {
    const files = Array.from(list ?? []);
    if (files.length) drop(files.map((f): ImportFileDrop => ({ name: f.name, bytes: f })));
  };
  return (
    <section className="panel import-wait" data-testid="import-wait" aria-label="Waiting for your tensors"
      onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.preventDefault(); take(e.dataTransfer.files); }}>
      <h2>{missing ? `This link's tensors (${missing}) are not in this tab` : 'Drop your tensors to compare methods on them'}</h2>
      <p>
        {missing ? 'Links carry only a description of imported files, never the data. ' : ''}
        Drop a <code>.safetensors</code> with <code>q</code>, <code>k</code> (optionally <code>v</code>) or <code>attn</code>, or
        {' '}<code>q.npy</code> + <code>k.npy</code> [+ <code>v.npy</code>] / <code>attn.npy</code>, as <code>tools/export_attention.py</code> writes them.
      </p>
      <label className="file-drop">
        <input type="file" multiple accept=".npy,.safetensors" data-testid="import-wait-file" onChange={(e) => take(e.currentTarget.files)} />
        {reading ? `Reading ${reading}…` : 'Choose files, or drop them anywhere on this box.'}
      </label>
    </section>
  );
}
