import { AttnScores } from './attnScores';
import { MapTiles } from './mapTiles';
import { RowEntropy } from './rowEntropy';
import { SoftmaxRows } from './softmaxRows';

export { AttnScores, MapTiles, RowEntropy, SoftmaxRows };

/** Every kernel the engine needs, compiled once per device. */
export interface Kernels {
  readonly device: GPUDevice;
  readonly attnScores: AttnScores;
  readonly softmaxRows: SoftmaxRows;
  readonly rowEntropy: RowEntropy;
  readonly mapTiles: MapTiles;
}

export async function createKernels(device: GPUDevice): Promise<Kernels> {
  // One at a time: concurrent createComputePipelineAsync calls abort Dawn's Node binding
  // (std::system_error) on SwiftShader, and compiling four small kernels is quick anyway.
  const attnScores = await AttnScores.create(device);
  const softmaxRows = await SoftmaxRows.create(device);
  const rowEntropy = await RowEntropy.create(device);
  const mapTiles = await MapTiles.create(device);
  return { device, attnScores, softmaxRows, rowEntropy, mapTiles };
}
