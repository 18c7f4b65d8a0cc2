import { AttnOutput } from './attnOutput';
import { AttnScores } from './attnScores';
import { MapTiles } from './mapTiles';
import { MaskStats } from './maskStats';
import { ReceivedAttention } from './receivedAttention';
import { RowDistance } from './rowDistance';
import { RowDivergence } from './rowDivergence';
import { RowEntropy } from './rowEntropy';
import { RowThreshold } from './rowThreshold';
import { SoftmaxRows } from './softmaxRows';
import { TopkOverlap } from './topkOverlap';

export {
  AttnOutput,
  AttnScores,
  MapTiles,
  MaskStats,
  ReceivedAttention,
  RowDistance,
  RowDivergence,
  RowEntropy,
  RowThreshold,
  SoftmaxRows,
  TopkOverlap,
};
export type { GpuMask, MaskStatsOut } from './maskStats';
export type { ThresholdRule } from '../../reference/rowThreshold';

/** Every kernel the engine needs, compiled once per device. */
export interface Kernels {
  readonly device: GPUDevice;
  readonly attnScores: AttnScores;
  readonly softmaxRows: SoftmaxRows;
  readonly rowEntropy: RowEntropy;
  readonly mapTiles: MapTiles;
  readonly receivedAttention: ReceivedAttention;
  readonly rowThreshold: RowThreshold;
  readonly maskStats: MaskStats;
  readonly rowDivergence: RowDivergence;
  readonly topkOverlap: TopkOverlap;
  readonly attnOutput: AttnOutput;
  readonly rowDistance: RowDistance;
}

export async function createKernels(device: GPUDevice): Promise<Kernels> {
  // One at a time: concurrent createComputePipelineAsync calls abort Dawn's Node binding
  // (std::system_error) on SwiftShader, and compiling these small kernels is quick anyway.
  const attnScores = await AttnScores.create(device);
  const softmaxRows = await SoftmaxRows.create(device);
  const rowEntropy = await RowEntropy.create(device);
  const mapTiles = await MapTiles.create(device);
  const receivedAttention = await ReceivedAttention.create(device);
  const rowThreshold = await RowThreshold.create(device);
  const maskStats = await MaskStats.create(device);
  const rowDivergence = await RowDivergence.create(device);
  const topkOverlap = await TopkOverlap.create(device);
  const attnOutput = await AttnOutput.create(device);
  const rowDistance = await RowDistance.create(device);
  return {
    device,
    attnScores,
    softmaxRows,
    rowEntropy,
    mapTiles,
    receivedAttention,
    rowThreshold,
    maskStats,
    rowDivergence,
    topkOverlap,
    attnOutput,
    rowDistance,
  };
}
