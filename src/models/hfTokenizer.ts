/**
 * Tokenizers from a model's own tokenizer.json (+ tokenizer_config.json), through Hugging Face's
 * JavaScript implementation, npm `@huggingface/tokenizers` (Apache-2.0, pure JS, no eval: it runs
 * under the lab's CSP, in the worker as on the page). It is imported lazily, so only a session
 * that loads such a model fetches that chunk.
 *
 * Plain text, no chat template. Special tokens are added by the model's rules, as transformers'
 * `tokenizer(text)` adds them: tokenizer_config.json's add_bos_token / add_eos_token when they are
 * given (Llama 2, TinyLlama), else what tokenizer.json's TemplateProcessing puts around the text
 * (Llama 3: <|begin_of_text|> first); GPT-2-style tokenizers (SmolLM2, Qwen2) add nothing. A
 * special token written in the text (e.g. "<|endoftext|>") is that token, as in transformers.
 */
import { LabError } from '../schema/errors';
import { hasComponent, displayPiece, specialPiece, type PieceEncoding } from './hfPieces';
import type { Tokenizer } from './tokenizer';
import type * as TokenizersLib from '@huggingface/tokenizers';

/** What the model's rules put around plain text. */
export interface SpecialRule {
  /** Id put first, or null. */
  readonly bos: number | null;
  /** Id put last, or null. */
  readonly eos: number | null;
  /** Where the rule came from, for the UI and messages. */
  readonly source: string;
}

const bad = (file: string, msg: string): LabError => new LabError('bad-input', `${file}: ${msg}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(v: unknown, file: string): Record<string, unknown> {
  let o = v;
  if (typeof o === 'string') {
    try {
      o = JSON.parse(o) as unknown;
    } catch (e) {
      throw bad(file, `is not valid JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(o)) throw bad(file, 'is not a JSON object');
  return o;
}

/** tokenizer_config.json names tokens as strings or as {content: …} (AddedToken). */
function tokenName(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.content === 'string') return v.content;
  return null;
}

/** The special ids TemplateProcessing puts before and after $A for a single sequence. */
function templateEnds(post: unknown): { before: number[]; after: number[] } | null {
  if (!isObject(post)) return null;
  if (post.type === 'Sequence' && Array.isArray(post.processors)) {
    for (const p of post.processors) {
      const t = templateEnds(p);
      if (t) return t;
    }
    return null;
  }
  if (post.type !== 'TemplateProcessing' || !Array.isArray(post.single)) return null;
  const specials = isObject(post.special_tokens) ? post.special_tokens : {};
  const before: number[] = [];
  const after: number[] = [];
  let seenSequence = false;
  for (const item of post.single) {
    if (isObject(item) && isObject(item.Sequence)) seenSequence = true;
    else if (isObject(item) && isObject(item.SpecialToken)) {
      const s = specials[item.SpecialToken.id as string];
      const ids = isObject(s) && Array.isArray(s.ids) ? (s.ids as number[]) : [];
      for (const id of ids) (seenSequence ? after : before).push(id);
    }
  }
  return { before, after };
}

/**
 * The BOS/EOS rule of a tokenizer: add_bos_token / add_eos_token of tokenizer_config.json win
 * when present (the token named by bos_token / eos_token); otherwise the template's single special
 * token before / after the text. Throws when a named token is not in the vocabulary, or when a
 * template wraps the text in more than one token on a side (not a plain-text rule the lab knows).
 */
export function specialRule(json: Record<string, unknown>, config: Record<string, unknown>, idOf: (t: string) => number | undefined): SpecialRule {
  const ends = templateEnds(json.post_processor);
  const side = (flag: unknown, nameKey: string, fromTemplate: number[] | undefined, which: string): [number | null, string] => {
    if (flag === true) {
      const name = tokenName(config[nameKey]);
      const id = name === null ? undefined : idOf(name);
      if (id === undefined) throw bad('tokenizer_config.json', `add_${which}_token is true but ${nameKey} ${JSON.stringify(config[nameKey] ?? null)} is not in the vocabulary`);
      return [id, `tokenizer_config.json add_${which}_token`];
    }
    if (flag === false) return [null, `tokenizer_config.json add_${which}_token`];
    if (!fromTemplate || fromTemplate.length === 0) return [null, ends ? 'tokenizer.json template' : 'no template'];
    if (fromTemplate.length > 1) throw bad('tokenizer.json', `its template puts ${fromTemplate.length} special tokens ${which === 'bos' ? 'before' : 'after'} the text; the lab handles one`);
    return [fromTemplate[0] as number, 'tokenizer.json template'];
  };
  const [bos, bosSource] = side(config.add_bos_token, 'bos_token', ends?.before, 'bos');
  const [eos] = side(config.add_eos_token, 'eos_token', ends?.after, 'eos');
  return { bos, eos, source: bosSource };
}

/** A tokenizer of kind 'hf' with its rule for plain text. */
export interface HfTokenizer extends Tokenizer {
  readonly kind: 'hf';
  /** The model's BOS rule: pass `tok.bos` to encode() to tokenize as transformers does. */
  readonly bos: number | null;
  readonly rule: SpecialRule;
}

/** tokenizer.json model kinds the lab accepts: every Llama-family tokenizer is BPE. */
const MODEL_TYPES: readonly string[] = ['BPE', 'Unigram'];

type Lib = typeof TokenizersLib;
let lib: Promise<Lib> | null = null;

const loadLib = (): Promise<Lib> =>
  (lib ??= import('@huggingface/tokenizers').catch((e: unknown) => {
    lib = null; // a failed chunk load (offline) may succeed on the next try
    throw new LabError('bad-input', `tokenizer: could not load the tokenizer code (${e instanceof Error ? e.message : String(e)}); check the connection and reload`);
  }));

/**
 * A tokenizer from tokenizer.json and tokenizer_config.json (objects or their text). Throws
 * LabError('bad-input') naming the file when either is malformed or uses a component the library
 * does not implement.
 */
export async function tokenizerFromJson(tokenizerJson: unknown, tokenizerConfig: unknown = {}): Promise<HfTokenizer> {
  const json = parseJson(tokenizerJson, 'tokenizer.json');
  const config = parseJson(tokenizerConfig, 'tokenizer_config.json');
  if (!isObject(json.model) || typeof json.model.type !== 'string') throw bad('tokenizer.json', 'has no model section');
  if (!MODEL_TYPES.includes(json.model.type)) {
    throw bad('tokenizer.json', `model.type ${JSON.stringify(json.model.type)} is not supported (${MODEL_TYPES.join(', ')}: what causal LMs use)`);
  }
  const m = json.model;
  if (m.type === 'BPE' && (!isObject(m.vocab) || !Array.isArray(m.merges))) throw bad('tokenizer.json', 'a BPE model needs model.vocab (an object) and model.merges (a list)');
  if (m.type === 'Unigram' && !Array.isArray(m.vocab)) throw bad('tokenizer.json', 'a Unigram model needs model.vocab (a list of [piece, score])');
  const { Tokenizer: HfLib } = await loadLib();
  let tok: InstanceType<Lib['Tokenizer']>;
  try {
    tok = new HfLib(json, config);
  } catch (e) {
    throw bad('tokenizer.json', `cannot be used (${(e as Error).message})`);
  }
  const rule = specialRule(json, config, (t) => tok.token_to_id(t));
  const encoding: PieceEncoding = hasComponent(json.pre_tokenizer, 'ByteLevel') || hasComponent(json.decoder, 'ByteLevel') ? 'byte-level' : 'metaspace';
  const byteFallback = json.model.byte_fallback === true;
  const specials = new Map<number, string>();
  for (const [id, t] of tok.get_added_tokens_decoder()) if (t.special) specials.set(id, t.content);
  let vocab = 0;
  for (const id of tok.get_vocab(true).values()) vocab = Math.max(vocab, id + 1);
  const textBytes = (ids: ArrayLike<number>): string => {
    try {
      return tok.decode(Array.from(ids), { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    } catch (e) {
      throw new LabError('bad-input', `tokenizer: cannot decode (${(e as Error).message})`);
    }
  };
  return {
    kind: 'hf',
    vocab,
    bos: rule.bos,
    rule,
    encode(text, bos) {
      const ids = tok.encode(text, { add_special_tokens: false }).ids;
      const out = new Int32Array(ids.length + (bos === null ? 0 : 1) + (rule.eos === null ? 0 : 1));
      let at = 0;
      if (bos !== null) out[at++] = bos;
      out.set(ids, at);
      if (rule.eos !== null) out[out.length - 1] = rule.eos;
      return out;
    },
    piece(id) {
      const special = specials.get(id);
      if (special !== undefined) return specialPiece(special);
      const token = Number.isInteger(id) ? tok.id_to_token(id) : undefined;
      return token === undefined ? `⟨#${id}⟩` : displayPiece(token, encoding, byteFallback);
    },
    decode: textBytes,
  };
}
