import heldout from './fixtures/heldout-kjv.json';

/**
 * Calibration passages for ACT's head search (docs/methods.md "ACT"): the search picks heads by
 * the loss on these, never on the text being shown, so the shown text's loss is a fair test of
 * the searched set. They are the held-out tail of the KJV corpus (training/extract_kjv.py), which
 * the shipped models never trained on; plain English, so any model's tokenizer reads them.
 * One passage of two held-out windows (130 bytes): a search costs one forward pass per head, and
 * on the CPU engine its cost grows with the passage's length.
 */
export const CALIBRATION_PASSAGES: readonly string[] = [heldout.windows.slice(0, 2).join('\n')];
