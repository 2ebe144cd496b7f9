// AdamW with decoupled weight decay (Loshchilov & Hutter, "Decoupled Weight Decay Regularization"),
// as torch.optim.AdamW computes it, and clipping by the global gradient norm. The update runs in
// typed-array loops: lib/train/README.md compares its cost with a training step's.

export type FloatArray = Float32Array | Float64Array;

export interface AdamWOptions {
  beta1?: number; // decay of the first moment; default 0.9
  beta2?: number; // decay of the second moment; default 0.95, nanoGPT's choice for small batches
  epsilon?: number; // added to sqrt(second moment); default 1e-8
  weightDecay?: number; // decoupled decay per unit learning rate; default 0.1
  /** Predicate on the parameters that decay; default: rank 2 (matrices and embeddings), not norms or biases. */
  decays?: (name: string, shape: readonly number[]) => boolean;
}

export interface Parameter {
  shape: readonly number[];
  data: FloatArray; // updated in place
}

export class AdamW {
  /** Updates done so far; the bias corrections use it. */
  stepCount = 0;
  readonly firstMoments = new Map<string, FloatArray>(); // name → same shape as the parameter
  readonly secondMoments = new Map<string, FloatArray>(); // name → same shape as the parameter
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly decayed = new Set<string>();

  constructor(
    private readonly parameters: ReadonlyMap<string, Parameter>,
    options: AdamWOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.95;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.1;
    for (const [name, value] of [["beta1", this.beta1], ["beta2", this.beta2]] as const) {
      if (!(value >= 0 && value < 1)) throw new RangeError(`AdamW: ${name} ${value} is invalid; expected a number in [0, 1)`);
    }
    if (!(this.epsilon > 0)) throw new RangeError(`AdamW: epsilon ${this.epsilon} is invalid; expected a positive number`);
    if (!(this.weightDecay >= 0)) throw new RangeError(`AdamW: weightDecay ${this.weightDecay} is invalid; expected a non-negative number`);

    const decays = options.decays ?? ((_name: string, shape: readonly number[]) => shape.length >= 2);
    for (const [name, parameter] of parameters) {
      const zeros = () => (parameter.data instanceof Float64Array ? new Float64Array(parameter.data.length) : new Float32Array(parameter.data.length));
      this.firstMoments.set(name, zeros());
      this.secondMoments.set(name, zeros());
      if (decays(name, parameter.shape)) this.decayed.add(name);
    }
  }

  /**
   * Applies one update with `gradients` (one per parameter, same length) multiplied by
   * `gradientScale`, at `learningRate`. Passing the clipping factor as the scale saves a pass over
   * the gradients.
   */
  step(gradients: ReadonlyMap<string, ArrayLike<number>>, learningRate: number, gradientScale = 1): void {
    this.stepCount++;
    const { beta1, beta2, epsilon } = this;
    const firstCorrection = 1 - beta1 ** this.stepCount;
    const secondCorrection = 1 - beta2 ** this.stepCount;
    const stepSize = learningRate / firstCorrection;

    for (const [name, parameter] of this.parameters) {
      const gradient = gradients.get(name);
      if (gradient === undefined || gradient.length !== parameter.data.length) {
        throw new Error(`AdamW: the gradient of ${name} is ${gradient === undefined ? "missing" : `of length ${gradient.length}`}; expected ${parameter.data.length} values`);
      }
      const p = parameter.data;
      const m = this.firstMoments.get(name)!;
      const v = this.secondMoments.get(name)!;
      const keep = this.decayed.has(name) ? 1 - learningRate * this.weightDecay : 1;
      for (let i = 0; i < p.length; i++) {
        const g = gradient[i]! * gradientScale;
        const mi = beta1 * m[i]! + (1 - beta1) * g;
        const vi = beta2 * v[i]! + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! * keep - (stepSize * mi) / (Math.sqrt(vi / secondCorrection) + epsilon);
      }
    }
  }
}

/** Returns the L2 norm of all `gradients` together. */
export function globalGradientNorm(gradients: Iterable<FloatArray>): number {
  let sumOfSquares = 0;
  for (const gradient of gradients) for (let i = 0; i < gradient.length; i++) sumOfSquares += gradient[i]! * gradient[i]!;
  return Math.sqrt(sumOfSquares);
}

/** Returns the factor that brings a global norm of `norm` down to `maxNorm`, or 1 when it is within. */
export function clipScale(norm: number, maxNorm: number): number {
  return norm > maxNorm ? maxNorm / norm : 1;
}

/**
 * Returns the global L2 norm of `gradients` and, when it exceeds `maxNorm`, scales every gradient in
 * place by maxNorm / norm (torch.nn.utils.clip_grad_norm_ without its 1e-6 guard).
 */
export function clipGradientNorm(gradients: Iterable<FloatArray>, maxNorm: number): number {
  const list = [...gradients];
  const norm = globalGradientNorm(list);
  const scale = clipScale(norm, maxNorm);
  if (scale !== 1) for (const gradient of list) for (let i = 0; i < gradient.length; i++) gradient[i] = gradient[i]! * scale;
  return norm;
}
