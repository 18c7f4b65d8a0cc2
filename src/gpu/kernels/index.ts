import { ActCalibrate } from './actCalibrate';
import { AttnOutput } from './attnOutput';
import { AttnScores } from './attnScores';
import { BiasAct } from './biasAct';
import { Embed } from './embed';
import { FlashAlpha } from './flashAlpha';
import { FlashColumns } from './flashColumns';
import { FlashRowStats } from './flashRowStats';
import { FlashTiles } from './flashTiles';
import { HeadMerge } from './headMerge';
import { HeadSplit } from './headSplit';
import { KeyMass } from './keyMass';
import { LayerNorm } from './layerNorm';
import { MapTiles } from './mapTiles';
import { MaskApply } from './maskApply';
import { MaskStats } from './maskStats';
import { Matmul } from './matmul';
import { NormalizeRows } from './normalizeRows';
import { ReceivedAttention } from './receivedAttention';
import { RowDistance } from './rowDistance';
import { RowDivergence } from './rowDivergence';
import { RowEntropy } from './rowEntropy';
import { RowRenorm } from './rowRenorm';
import { RowThreshold } from './rowThreshold';
import { SoftmaxRows } from './softmaxRows';
import { TokenLoss } from './tokenLoss';
import { TopkOverlap } from './topkOverlap';

export {
  ActCalibrate,
  AttnOutput,
  AttnScores,
  BiasAct,
  Embed,
  FlashAlpha,
  FlashColumns,
  FlashRowStats,
  FlashTiles,
  HeadMerge,
  HeadSplit,
  KeyMass,
  LayerNorm,
  MapTiles,
  MaskApply,
  MaskStats,
  Matmul,
  NormalizeRows,
  ReceivedAttention,
  RowDistance,
  RowDivergence,
  RowEntropy,
  RowRenorm,
  RowThreshold,
  SoftmaxRows,
  TokenLoss,
  TopkOverlap,
};
export type { ActCalibrateOut } from './actCalibrate';
export type { GpuMask, MaskStatsOut } from './maskStats';
export type { Normalizer } from '../../reference/normalizeRows';
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
  readonly keyMass: KeyMass;
  readonly maskApply: MaskApply;
  /** The fused statistics path (src/engine/fusedStats.ts). */
  readonly flashRowStats: FlashRowStats;
  readonly flashColumns: FlashColumns;
  readonly flashAlpha: FlashAlpha;
  readonly flashTiles: FlashTiles;
  readonly actCalibrate: ActCalibrate;
  readonly matmul: Matmul;
  readonly normalizeRows: NormalizeRows;
  readonly rowRenorm: RowRenorm;
}

export async function createKernels(device: GPUDevice): Promise<Kernels> {
  // One at a time: simple, deterministic start-up order; these small kernels compile quickly.
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
  const keyMass = await KeyMass.create(device);
  const maskApply = await MaskApply.create(device);
  const flashRowStats = await FlashRowStats.create(device);
  const flashColumns = await FlashColumns.create(device);
  const flashAlpha = await FlashAlpha.create(device);
  const flashTiles = await FlashTiles.create(device);
  const actCalibrate = await ActCalibrate.create(device);
  const matmul = await Matmul.create(device);
  const normalizeRows = await NormalizeRows.create(device);
  const rowRenorm = await RowRenorm.create(device);
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
    keyMass,
    maskApply,
    flashRowStats,
    flashColumns,
    flashAlpha,
    flashTiles,
    actCalibrate,
    matmul,
    normalizeRows,
    rowRenorm,
  };
}
