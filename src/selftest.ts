/**
 * selftest.html: every kernel against its float64 twin on this browser's GPU (main thread; the
 * inputs are small), then the kernels on golden.json's fixtures. The e2e suite reads the table;
 * users can run it to trust their adapter.
 */
import { PARITY_CASES, goldenParity, kernelParity, type ParityResult } from './engine/selftest';
import { acquireDevice } from './gpu/device';
import { createKernels } from './gpu/kernels';

const status = document.getElementById('status') as HTMLElement;
const body = document.querySelector('#results tbody') as HTMLTableSectionElement;

function addRow(r: ParityResult) {
  const tr = document.createElement('tr');
  for (const text of [r.kernel, r.case, r.maxError.toExponential(2), r.tolerance.toExponential(0), r.pass ? 'pass' : 'FAIL']) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }
  tr.dataset.pass = String(r.pass);
  body.appendChild(tr);
}

async function main() {
  try {
    const { device, adapter } = await acquireDevice(navigator.gpu);
    const kernels = await createKernels(device);
    let failed = 0;
    let total = 0;
    const record = (r: ParityResult) => {
      addRow(r);
      total++;
      if (!r.pass) failed++;
    };
    for (const [n, d, seed] of PARITY_CASES) (await kernelParity(kernels, n, d, seed)).forEach(record);
    (await goldenParity(kernels)).forEach(record);
    status.textContent = `${total - failed} passed, ${failed} failed on ${adapter.vendor} ${adapter.architecture}`;
    status.dataset.done = 'true';
    status.dataset.failed = String(failed);
  } catch (e) {
    status.textContent = `error: ${(e as Error).message}`;
    status.dataset.done = 'true';
    status.dataset.failed = 'error';
  }
}
void main();
