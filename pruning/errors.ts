/**
 * A pruning request that cannot be carried out: an option out of range, a sparsity
 * pattern that does not fit a layer, or calibration data that is missing, malformed or
 * too short. The message names the option or file, the value found and what is accepted.
 * Problems with model files are ModelFormatErrors (lib/model/errors.ts) instead.
 */
export class PruningError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PruningError";
  }
}
