import { useState } from 'react';
import { METHOD_INFO } from '../../methods/catalog';
import type { ModelChunk } from '../../schema/chunk';
import { useLab } from '../../state/useLab';
import { Panel } from '../../ui/Panel';

const TOPK = 5;

/** Loss (nats) to a background: white for a confident hit, deep orange from 6 nats (≈ 1 in 400) up. */
function lossColour(nats: number): string | undefined {
  if (!Number.isFinite(nats)) return undefined;
  const t = Math.min(1, nats / 6);
  return `rgba(230, 97, 1, ${(0.08 + 0.72 * t).toFixed(3)})`;
}

/** What the model expected at token i (predicted at position i − 1), and what came. */
function Prediction({ m, i }: { m: ModelChunk; i: number }) {
  if (i < 1) return <p className="hint" data-testid="prediction">Token 0 {m.pieces[0] === '⟨bos⟩' ? 'is the BOS token' : 'starts the text'}: nothing predicts it.</p>;
  const loss = m.loss[i - 1] as number;
  return (
    <div data-testid="prediction">
      <p>
        After “{m.pieces.slice(Math.max(0, i - 8), i).join('')}”, token {i} is <b>{m.pieces[i]}</b>: loss {loss.toFixed(3)} nats
        (p = {Math.exp(-loss).toFixed(3)}). The model's top {TOPK}:
      </p>
      <ul className="top-k" aria-label={`The model's top ${TOPK} guesses`}>
        {Array.from({ length: TOPK }, (_, t) => {
          const id = m.topIds[(i - 1) * TOPK + t] as number;
          return (
            <li key={t} className={id === m.ids[i] ? 'hit' : undefined}>
              <code>{m.topPieces[(i - 1) * TOPK + t]}</code> {(m.topProbs[(i - 1) * TOPK + t] as number).toFixed(3)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * A model source's own output: each token coloured by how surprised the model was to see it,
 * its top-5 predictions on hover or focus, and the model's loss with each pane's method applied
 * inside the forward pass (every layer, every head), against the plain model.
 */
export function ModelPanel() {
  const m = useLab((s) => s.results.model);
  const losses = useLab((s) => s.results.losses);
  const methods = useLab((s) => s.experiment.methods);
  const isModel = useLab((s) => s.experiment.source.kind === 'model');
  const [at, setAt] = useState<number | null>(null);
  if (!isModel) return null;
  if (!m) return <Panel title="Model output" className="model-panel"><p className="placeholder">Running the model…</p></Panel>;
  const base = losses[0]?.meanLoss;
  const shown = at !== null && at < m.ids.length ? at : Math.min(m.ids.length - 1, 1);
  return (
    <Panel title="Model output" className="model-panel"
      note={`${m.model}: ${m.layers} layers × ${m.heads} heads, ${m.ids.length} tokens. Each token is shaded by its loss (how surprised the model was to see it); point at one for the model's top ${TOPK} guesses.`}>
      <p className="model-loss">
        Mean loss <b data-testid="model-loss" data-value={m.meanLoss}>{m.meanLoss.toFixed(4)}</b> nats/token (perplexity {Math.exp(m.meanLoss).toFixed(2)})
      </p>
      <div className="token-strip" role="list" aria-label="Tokens shaded by loss" data-testid="token-strip">
        {m.pieces.map((p, i) => (
          <button key={i} type="button" role="listitem" className={`token${i === shown ? ' selected' : ''}`}
            style={{ background: i > 0 ? lossColour(m.loss[i - 1] as number) : undefined }}
            title={i > 0 ? `token ${i}: loss ${(m.loss[i - 1] as number).toFixed(3)} nats` : 'token 0'}
            data-testid={`token-${i}`} onMouseEnter={() => setAt(i)} onFocus={() => setAt(i)} onClick={() => setAt(i)}>
            {p}
          </button>
        ))}
      </div>
      <Prediction m={m} i={shown} />
      <table className="pane-losses" data-testid="pane-losses">
        <caption>The model's loss with each pane's method inside it (every layer and head), nats/token</caption>
        <thead><tr><th scope="col">Pane</th><th scope="col">Method</th><th scope="col">Loss</th><th scope="col">Δ vs pane 0</th></tr></thead>
        <tbody>
          {methods.map((meth, k) => {
            const l = losses[k];
            return (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{METHOD_INFO[meth.id].short}</td>
                <td data-testid={`pane-loss-${k}`} data-value={l?.meanLoss}>{l ? l.meanLoss.toFixed(4) : '…'}</td>
                <td className={l && base !== undefined && l.meanLoss < base - 1e-6 ? 'better' : undefined}>
                  {l && base !== undefined && k > 0 ? `${l.meanLoss - base >= 0 ? '+' : ''}${(l.meanLoss - base).toFixed(4)}` : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}
