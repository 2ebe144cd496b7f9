// Softmax cross-entropy as one ONNX node (SoftmaxCrossEntropyLoss-13), with a hand-written backward
// (softmax minus one-hot) so training never differentiates through LogSoftmax and a gather.
import { apply, type Tensor } from "../tensor";
import { filled } from "./constant";
import { add, cast, div, equal, exp, mul, neg, not, sub, where } from "./elementwise";
import { scatterElements } from "./indexing";
import { unsqueeze } from "./layout";
import { countAlong, reduceSum } from "./reduce";

export interface CrossEntropyOptions {
  /** "mean" (default) over the rows not ignored, "sum", or "none" for one loss per row. */
  reduction?: "mean" | "sum" | "none";
  /** A label value whose rows count for nothing (padding); by default every row counts. */
  ignoreIndex?: number;
}

/**
 * Computes the cross-entropy of `labels` (N) under softmax(`logits` (N, C)) along the class axis,
 * -log p[label], and returns the loss: shape [], or [N] with reduction "none". Flatten (B, T, C) logits to (B*T, C)
 * and (B, T) labels to (B*T) first.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const reduction = options.reduction ?? "mean";
  const what = `softmaxCrossEntropy of ${logits.describe()} and labels ${labels.describe()}`;
  if (logits.dtype !== "float32" && logits.dtype !== "float64") throw new Error(`${what}: logits must be float32 or float64`);
  if (logits.rank !== 2 || labels.rank !== 1 || logits.shape[0] !== labels.shape[0]) {
    throw new Error(`${what}: expected logits (N, C) and labels (N)`);
  }
  if (labels.dtype !== "int64" && labels.dtype !== "int32") throw new Error(`${what}: labels must be int64 or int32`);
  if (options.ignoreIndex !== undefined && !Number.isSafeInteger(options.ignoreIndex)) {
    throw new Error(`${what}: ignoreIndex ${options.ignoreIndex} is not an integer`);
  }

  const attributes: Record<string, { type: "string"; value: string } | { type: "int"; value: number }> = {
    reduction: { type: "string", value: reduction },
  };
  if (options.ignoreIndex !== undefined) attributes.ignore_index = { type: "int", value: options.ignoreIndex };

  const [loss, logProb] = apply({
    type: "SoftmaxCrossEntropyLoss",
    inputs: [logits, labels],
    attributes,
    outputs: [
      { dtype: logits.dtype, shape: reduction === "none" ? [labels.shape[0]!] : [] },
      { dtype: logits.dtype, shape: logits.shape }, // log_prob (N, C)
    ],
    backward: (grads, needs) => {
      if (!needs[0]) return [null, null];
      const dLoss = grads[0] ?? null;
      const dLogProb = grads[1] ?? null;
      let dLogits = dLoss === null ? null : lossGrad(dLoss, logProb!, labels, reduction, options.ignoreIndex);
      if (dLogProb !== null) {
        // Through the log_prob output: the backward of LogSoftmax.
        const viaLogProb = sub(dLogProb, mul(exp(logProb!), reduceSum(dLogProb, [1], true)));
        dLogits = dLogits === null ? viaLogProb : add(dLogits, viaLogProb);
      }
      return [dLogits, null];
    },
  });
  return loss!;
}

/** d loss / d logits = (softmax - one_hot(labels)) * row weight * dLoss, zero on ignored rows. */
function lossGrad(dLoss: Tensor, logProb: Tensor, labels: Tensor, reduction: string, ignoreIndex: number | undefined): Tensor {
  const dtype = logProb.dtype;
  const labels64 = cast(labels, "int64"); // (N)
  const probs = exp(logProb); // (N, C)

  let index = unsqueeze(labels64, [1]); // (N, 1)
  let rowWeight: Tensor | null = null; // (N, 1), 1 on rows that count and 0 on ignored rows
  if (ignoreIndex !== undefined) {
    const counted = not(equal(labels64, ignoreIndex)); // (N)
    index = unsqueeze(where(counted, labels64, 0), [1]);
    rowWeight = unsqueeze(cast(counted, dtype), [1]);
  }

  const minusOne = rowWeight === null ? filled([labels.shape[0]!, 1], -1, dtype, [labels]) : neg(rowWeight);
  let grad = scatterElements(probs, index, minusOne, 1, "add"); // softmax - one_hot, (N, C)
  if (rowWeight !== null) grad = mul(grad, rowWeight);

  if (reduction === "none") return mul(grad, unsqueeze(dLoss, [1]));
  if (reduction === "sum") return mul(grad, dLoss);
  const rows = rowWeight === null ? countAlong(logProb, [0]) : reduceSum(rowWeight);
  return mul(grad, div(dLoss, rows));
}
