/**
 * Typed pieces of a run's result, streamed from the worker as they are ready.
 * Float32Arrays are transferred, not cloned. Stale chunks are dropped by runId.
 */

/** Per-head statistics: small, sent first for every head. */
export interface StatsChunk {
  readonly kind: 'stats';
  readonly runId: number;
  readonly layer: number;
  readonly head: number;
  /** H_i per query row, nats, shape [N]. */
  readonly rowEntropy: Float32Array;
  /** Mean of H_i over all rows (nats), computed in float64 from rowEntropy. */
  readonly meanEntropy: number;
  /** Mean of H_i over rows i ≥ 1 (nats); NaN when N = 1. */
  readonly meanEntropyFrom1: number;
}

/**
 * A map of one head, reduced on the GPU to at most `rows × cols` tiles.
 * data[r·cols + c] is the maximum (or mean) probability over the tile of queries
 * [r·tile, (r+1)·tile) × keys [c·tile, (c+1)·tile); tile = 1 means exact probabilities.
 */
export interface MapChunk {
  readonly kind: 'map';
  readonly runId: number;
  readonly layer: number;
  readonly head: number;
  /** 'thumb' for the head grid, 'full' for the large heatmap. */
  readonly purpose: 'thumb' | 'full';
  readonly reduce: 'max' | 'mean';
  /** Tokens per tile side. */
  readonly tile: number;
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

/** Progress of a run, in heads processed. */
export interface ProgressChunk {
  readonly kind: 'progress';
  readonly runId: number;
  readonly done: number;
  readonly total: number;
  /** Milliseconds since the run started, measured in the worker. */
  readonly elapsedMs: number;
}

export type Chunk = StatsChunk | MapChunk | ProgressChunk;

/** What ran the kernels: shown in the status badge. */
export interface AdapterReport {
  readonly backend: 'webgpu';
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}
