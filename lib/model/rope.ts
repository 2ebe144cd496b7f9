import type { RopeLayout } from "./config";
import { ModelFormatError } from "./errors";
import { getTensor, layerTensorName, type LlamaModel, type WeightTensor } from "./weights";

/**
 * Conversion between the two rotary-embedding layouts (see RopeLayout in config.ts).
 *
 * Rotary embeddings act on each head's query and key vectors after the projection, so a
 * layout is a property of the rows of q_proj and k_proj. Interleaved rotates the element
 * pairs (2i, 2i+1) of a head and half-split the pairs (i, i + headDim/2), each pair i by
 * the same angle. Reordering the rows of every head so that
 *
 *   half-split row i             = interleaved row 2i        (i < headDim/2)
 *   half-split row i + headDim/2 = interleaved row 2i + 1
 *
 * therefore turns a model of one layout into the other. After the reordering, each rotated
 * pair contains the same two values as before. Queries and keys are permuted alike within
 * every head, so every query-key dot product, and with it every attention score, is
 * unchanged. Value, output and MLP weights do not depend on the layout.
 */

/**
 * Returns, for each row of a head in the half-split layout, the row of the same head in
 * the interleaved layout that it takes its values from. (headDim)
 */
export function halfSplitSourceRows(headDim: number): Int32Array {
  if (!Number.isInteger(headDim) || headDim <= 0 || headDim % 2 !== 0) {
    throw new ModelFormatError(`head_dim ${headDim} must be a positive even integer for rotary embeddings.`);
  }
  const half = headDim / 2;
  const source = new Int32Array(headDim); // (headDim) interleaved row of each half-split row
  for (let i = 0; i < half; i++) {
    source[i] = 2 * i;
    source[i + half] = 2 * i + 1;
  }
  return source;
}

/**
 * Returns a copy of `tensor` whose rows are reordered head by head: row r of head h comes
 * from row sourceRows[r] of head h. Works on weights (rows, in) and biases (rows).
 */
export function permuteHeadRows(tensor: WeightTensor, numHeads: number, sourceRows: Int32Array): WeightTensor {
  const headDim = sourceRows.length;
  const rows = tensor.shape[0] ?? 0;
  if (rows !== numHeads * headDim) {
    throw new ModelFormatError(`Cannot reorder the rows of a tensor of shape [${tensor.shape.join(", ")}] as ${numHeads} heads of ${headDim} rows.`);
  }
  const rowLength = tensor.data.length / rows; // in_features for a weight, 1 for a bias
  const data = new Float32Array(tensor.data.length); // same shape as tensor
  for (let head = 0; head < numHeads; head++) {
    for (let row = 0; row < headDim; row++) {
      const from = (head * headDim + sourceRows[row]!) * rowLength;
      data.set(tensor.data.subarray(from, from + rowLength), (head * headDim + row) * rowLength);
    }
  }
  return { shape: [...tensor.shape], data };
}

/**
 * Returns `model` converted to the rope layout `target` by reordering the rows of q_proj
 * and k_proj, and of their biases, in every layer. The other tensors are shared, not
 * copied. Returns `model` itself when it already has that layout.
 */
export function convertRopeLayout(model: LlamaModel, target: RopeLayout): LlamaModel {
  const { config } = model;
  if (config.ropeLayout === target) return model;

  const halfSplitFromInterleaved = halfSplitSourceRows(config.headDim);
  const sourceRows = target === "half-split" ? halfSplitFromInterleaved : invertPermutation(halfSplitFromInterleaved);
  const tensors = new Map(model.tensors);
  for (let layer = 0; layer < config.numHiddenLayers; layer++) {
    for (const [projection, numHeads] of [
      ["q_proj", config.numAttentionHeads],
      ["k_proj", config.numKeyValueHeads],
    ] as const) {
      const suffixes = config.qkvBias ? ["weight", "bias"] : ["weight"];
      for (const suffix of suffixes) {
        const name = layerTensorName(`self_attn.${projection}.${suffix}`, layer);
        tensors.set(name, permuteHeadRows(getTensor(model, name), numHeads, sourceRows));
      }
    }
  }
  return { config: { ...config, ropeLayout: target }, tensors };
}

function invertPermutation(permutation: Int32Array): Int32Array {
  const inverse = new Int32Array(permutation.length); // (n)
  permutation.forEach((source, destination) => {
    inverse[source] = destination;
  });
  return inverse;
}
