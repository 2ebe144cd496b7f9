/**
 * A model file or folder that cannot be used: missing, unreadable, corrupt or truncated,
 * of an unsupported architecture, or with tensors that disagree with its config. The
 * message names the file, the value that was wrong and what is accepted.
 */
export class ModelFormatError extends Error {
  /** The file or folder the problem was found in, when there is one. */
  readonly file: string | null;

  constructor(message: string, options: { file?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ModelFormatError";
    this.file = options.file ?? null;
  }
}
