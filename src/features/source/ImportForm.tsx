import { useState } from 'react';
import { useLab } from '../../state/useLab';
import type { ImportFileDrop } from '../../state/store';
import { Panel } from '../../ui/Panel';

/**
 * Your own tensors as the source: drop one .safetensors (q, k[, v][, attn]) or several .npy
 * files (q.npy, k.npy, v.npy, or attn.npy), as tools/export_attention.py writes them. The worker
 * reads and checks them; what it read shows here, and a refusal shows in the lab's notices.
 */
export function ImportForm() {
  const src = useLab((s) => (s.experiment.source.kind === 'import' ? s.experiment.source : null));
  const reading = useLab((s) => s.importReading);
  const drop = useLab((s) => s.dropImportFiles);
  const [over, setOver] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = Array.from(list ?? []);
    if (files.length === 0) return;
    drop(files.map((f): ImportFileDrop => ({ name: f.name, bytes: f })));
  };
  return (
    <Panel title="Your tensors" note={<>Q and K (optionally V) of every layer and head, or attention maps, from <code>tools/export_attention.py</code>. Files stay in this tab; a link carries only their description.</>}>
      <label className={`file-drop${over ? ' over' : ''}`} data-testid="import-drop"
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); take(e.dataTransfer.files); }}>
        <input type="file" multiple accept=".npy,.safetensors" data-testid="import-file" onChange={(e) => take(e.currentTarget.files)} />
        {reading ? `Reading ${reading}…` : 'Drop a .safetensors (q, k, v, attn) or q.npy + k.npy [+ v.npy] / attn.npy here, or click to choose.'}
      </label>
      {src && (
        <dl className="import-info" data-testid="import-info">
          <dt>File</dt><dd data-testid="import-name">{src.name}</dd>
          <dt>Shape</dt>
          <dd data-testid="import-shape">{src.layers} layers × {src.heads} heads × n {src.seqLen}{src.maps ? (src.hasV ? ` × d ${src.headDim} (V)` : '') : ` × d ${src.headDim}`}</dd>
          <dt>Input</dt>
          <dd data-testid="import-kind">{src.maps ? 'attention maps: the plain map and ACT apply' : 'Q and K: every method but σReparam applies'}</dd>
          <dt>V</dt>
          <dd data-testid="import-v">{src.hasV ? 'yes' : 'no: output changes show as —'}</dd>
        </dl>
      )}
    </Panel>
  );
}
