import { useEffect, useId, useRef, useState } from 'react';
import { MAX_TEXT_CHARS, MODELS, MODEL_IDS, type ModelId } from '../../schema/models';
import { selectN } from '../../state/selectors';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';
import { useShown } from '../useShown';

/** Typing pauses this long (ms) before the text runs: every run is a forward pass per pane. */
const TEXT_DEBOUNCE_MS = 500;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 24 ? 1 : 0)} MB`;

/** Model weights arriving: a progress bar with bytes (and a note when they come from the cache). */
function DownloadBar() {
  const d = useLab((s) => (s.results.status === 'running' ? s.results.download : null));
  if (!d) return null;
  const pct = d.total ? Math.round((100 * d.loaded) / d.total) : null;
  return (
    <div className="download" data-testid="download-progress">
      <progress max={d.total ?? undefined} value={d.total ? d.loaded : undefined} aria-label={`Downloading ${d.model}`} />
      <span>{d.fromCache ? 'From the browser cache' : `Downloading ${mb(d.loaded)}${d.total ? ` of ${mb(d.total)} (${pct}%)` : ''}`}</span>
    </div>
  );
}

/** Drop or pick a GPT-2-style model.safetensors, or a Llama-family model.safetensors with its config.json and tokenizer.json. */
function FileDrop() {
  const drop = useLab((s) => s.dropModelFile);
  const name = useLab((s) => s.modelInUse);
  const reading = useLab((s) => s.modelReading);
  const [over, setOver] = useState(false);
  // The worker reads the files (a File is a Blob): this thread never holds their bytes. Several
  // files (a Llama-family model: config.json, tokenizer.json, model.safetensors): the .json ones go first.
  const take = (list: FileList | null | undefined) => {
    const files = Array.from(list ?? []).sort((a, b) => Number(b.name.endsWith('.json')) - Number(a.name.endsWith('.json')));
    for (const f of files) drop(f.name, f);
  };
  return (
    <label className={`file-drop${over ? ' over' : ''}`} data-testid="model-file-drop"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); take(e.dataTransfer.files); }}>
      <input type="file" accept=".safetensors,.json" multiple data-testid="model-file" onChange={(e) => take(e.currentTarget.files)} />
      {reading ? `Reading ${reading}…` : name ? `Using ${name}. Drop another to replace it.` : 'Drop model.safetensors here (with config.json and tokenizer.json for a Llama-family model), or click to choose.'}
    </label>
  );
}

/** A language model as the source: pick a model, type the text; every head of every layer is analysed. */
export function ModelForm() {
  const src = useLab((s) => s.experiment.source);
  const setModelSource = useLab((s) => s.setModelSource);
  const n = useLab(selectN);
  const model = useLab((s) => s.results.model);
  const shown = useShown();
  const id = useId();
  const [draft, setDraft] = useState(src.kind === 'model' ? src.text : '');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const committed = src.kind === 'model' ? src.text : '';
  useEffect(() => setDraft(committed), [committed]);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (src.kind !== 'model') return null;
  const info = MODELS[src.model];
  const commit = (text: string) => {
    clearTimeout(timer.current);
    if (text.length > 0 && text !== src.text) setModelSource({ text });
  };
  const shape = info.layers ? `${info.layers} layers × ${info.heads} heads, d = ${info.headDim}, context ${info.ctx} tokens` : 'shape read from the file';
  return (
    <Panel title="Language model" note="Q, K and V of every head come from the model's forward pass on your text; each pane's method also runs inside the model, so its effect on the loss shows.">
      {shown('model') && (
        <div className="control">
          <label htmlFor={`${id}-m`}>Model</label>
          <select id={`${id}-m`} value={src.model} data-testid="model-select" onChange={(e) => setModelSource({ model: e.currentTarget.value as ModelId })}>
            {MODEL_IDS.map((m) => <option key={m} value={m}>{MODELS[m].name}</option>)}
          </select>
          <p className="hint" data-testid="model-blurb">{info.blurb} <span className="dim">{shape}; {info.tokenizer === 'byte' ? 'one token per UTF-8 byte' : 'GPT-2 BPE tokens'}{info.bytes ? `; ${mb(info.bytes)}` : ''}.</span></p>
        </div>
      )}
      {src.model === 'file' && <FileDrop />}
      <DownloadBar />
      {shown('text') && (
        <div className="control">
          <label htmlFor={`${id}-t`}>Text</label>
          <textarea id={`${id}-t`} data-testid="model-text" rows={4} maxLength={MAX_TEXT_CHARS} value={draft}
            onChange={(e) => {
              const t = e.currentTarget.value;
              setDraft(t);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => commit(t), TEXT_DEBOUNCE_MS);
            }}
            onBlur={() => commit(draft)} />
          <p className="hint" data-testid="token-count">
            {n} tokens{info.ctx ? ` (the model reads at most ${info.ctx})` : ''}{model?.truncated ? ' — the text was cut to the context' : ''}. Runs when you pause typing.
          </p>
        </div>
      )}
    </Panel>
  );
}
