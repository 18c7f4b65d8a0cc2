/**
 * A Llama-family model dropped as several files: its weights (model.safetensors) with config.json
 * and, for a Hugging Face tokenizer, tokenizer.json (and tokenizer_config.json). Without a
 * config.json the drop is a GPT-2-style file (null here). The config is checked first, so an
 * unsupported model is refused with a message naming the field.
 */
import { LabError } from '../schema/errors';
import type { LlamaDownload } from './hubLlama';
import { parseLlamaConfig } from './llamaConfig';

const text = (b: ArrayBuffer) => new TextDecoder().decode(b);

export function droppedLlama(side: ReadonlyMap<string, ArrayBuffer>, weights: ArrayBuffer): LlamaDownload | null {
  const config = side.get('config.json');
  if (!config) return null;
  let json: unknown;
  try {
    json = JSON.parse(text(config));
  } catch {
    throw new LabError('bad-input', 'config.json is not JSON');
  }
  const tok = side.get('tokenizer.json');
  const tc = side.get('tokenizer_config.json');
  return {
    config: parseLlamaConfig(json, tok ? 'hf' : 'byte'),
    tokenizerJson: tok ? text(tok) : null,
    tokenizerConfig: tok && tc ? text(tc) : null,
    weights,
  };
}
