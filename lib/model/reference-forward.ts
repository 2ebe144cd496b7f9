import type { LlamaConfig, RopeLayout } from "./config";
import { getTensor, layerTensorName, outputHead, EMBED_TOKENS, FINAL_NORM, type LlamaModel, type WeightTensor } from "./weights";

/**
 * A reference forward pass of the LLaMA-family decoder in float64 with plain loops, one
 * token at a time with a KV cache, as llama2.c's run.c does it. It is the ground truth
 * that tests compare the ONNX engine and pruned models with; it is far too slow to serve.
 *
 * Per block: x += o_proj(attention(rope(q_proj(rmsnorm(x))), rope(k_proj(..)), v_proj(..)))
 * then x += down_proj(silu(gate_proj(rmsnorm(x))) * up_proj(rmsnorm(x))); finally
 * logits = head(rmsnorm(x)). Attention is causal through the cache: a position attends
 * to itself and the positions before it.
 */

// ---------------------------------------------------------------- kernels

/** Returns x / sqrt(mean(x²) + eps) * weight. (n) */
export function rmsNorm(x: ArrayLike<number>, weight: ArrayLike<number>, eps: number): Float64Array {
  let sumOfSquares = 0;
  for (let i = 0; i < x.length; i++) sumOfSquares += x[i]! * x[i]!;
  const scale = 1 / Math.sqrt(sumOfSquares / x.length + eps);
  const out = new Float64Array(x.length); // (n)
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * scale * weight[i]!;
  return out;
}

/** Returns weight · x (+ bias) for a weight of shape (out, in). (out) */
export function matVec(weight: WeightTensor, x: ArrayLike<number>, bias?: WeightTensor): Float64Array {
  const [rows, columns] = weight.shape as [number, number];
  if (columns !== x.length) throw new Error(`matVec: weight of shape [${weight.shape.join(", ")}] cannot multiply a vector of length ${x.length}.`);
  const w = weight.data;
  const out = new Float64Array(rows); // (out)
  for (let row = 0; row < rows; row++) {
    let sum = bias === undefined ? 0 : bias.data[row]!;
    const base = row * columns;
    for (let column = 0; column < columns; column++) sum += w[base + column]! * x[column]!;
    out[row] = sum;
  }
  return out;
}

/** Returns x · sigmoid(x), the SiLU (swish) activation. */
export function silu(x: number): number {
  return x / (1 + Math.exp(-x));
}

/** Replaces values[0..length) by their softmax, subtracting the maximum first for stability. */
export function softmaxInPlace(values: Float64Array, length: number = values.length): void {
  let max = -Infinity;
  for (let i = 0; i < length; i++) max = Math.max(max, values[i]!);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    values[i] = Math.exp(values[i]! - max);
    sum += values[i]!;
  }
  for (let i = 0; i < length; i++) values[i] = values[i]! / sum;
}

/** Returns the rotary inverse frequency of each pair: ropeTheta^(-2i/headDim). (headDim/2) */
export function rotaryInverseFrequencies(headDim: number, ropeTheta: number): Float64Array {
  const frequencies = new Float64Array(headDim / 2); // (headDim/2)
  for (let i = 0; i < headDim / 2; i++) frequencies[i] = Math.pow(ropeTheta, (-2 * i) / headDim);
  return frequencies;
}

/**
 * Rotates, in place, the head that starts at `offset` in `vector` for `position`: pair i
 * turns by position * inverseFrequencies[i]. The layout decides which elements form pair i:
 * (i, i + headDim/2) for "half-split", (2i, 2i + 1) for "interleaved".
 */
export function applyRotary(vector: Float64Array, offset: number, position: number, inverseFrequencies: Float64Array, layout: RopeLayout): void {
  const half = inverseFrequencies.length;
  for (let i = 0; i < half; i++) {
    const angle = position * inverseFrequencies[i]!;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const first = layout === "half-split" ? offset + i : offset + 2 * i;
    const second = layout === "half-split" ? offset + i + half : offset + 2 * i + 1;
    const a = vector[first]!;
    const b = vector[second]!;
    vector[first] = a * cos - b * sin;
    vector[second] = a * sin + b * cos;
  }
}

// ---------------------------------------------------------------- decoder

interface LayerWeights {
  inputNorm: WeightTensor; // (H)
  query: WeightTensor; // (nH*hd, H)
  queryBias?: WeightTensor; // (nH*hd)
  key: WeightTensor; // (nKV*hd, H)
  keyBias?: WeightTensor; // (nKV*hd)
  value: WeightTensor; // (nKV*hd, H)
  valueBias?: WeightTensor; // (nKV*hd)
  output: WeightTensor; // (H, nH*hd)
  postAttentionNorm: WeightTensor; // (H)
  gate: WeightTensor; // (I, H)
  up: WeightTensor; // (I, H)
  down: WeightTensor; // (H, I)
}

/**
 * Runs the model one token at a time, keeping each layer's keys and values, so that
 * step() costs one token's work. Create one decoder per sequence, or call reset().
 */
export class ReferenceDecoder {
  readonly config: LlamaConfig;
  private readonly embedding: WeightTensor; // (V, H)
  private readonly layers: LayerWeights[];
  private readonly finalNorm: WeightTensor; // (H)
  private readonly head: WeightTensor; // (V, H)
  private readonly inverseFrequencies: Float64Array; // (hd/2)
  private keyCache: Float64Array[][] = []; // [layer][position] → (nKV*hd), rotated
  private valueCache: Float64Array[][] = []; // [layer][position] → (nKV*hd)
  private nextPosition = 0;

  constructor(model: LlamaModel) {
    const { config } = model;
    this.config = config;
    this.embedding = getTensor(model, EMBED_TOKENS);
    this.finalNorm = getTensor(model, FINAL_NORM);
    this.head = outputHead(model);
    this.inverseFrequencies = rotaryInverseFrequencies(config.headDim, config.ropeTheta);
    this.layers = Array.from({ length: config.numHiddenLayers }, (_, layer) => {
      const tensor = (suffix: string) => getTensor(model, layerTensorName(suffix, layer));
      const bias = (suffix: string) => (config.qkvBias ? tensor(suffix) : undefined);
      return {
        inputNorm: tensor("input_layernorm.weight"),
        query: tensor("self_attn.q_proj.weight"),
        queryBias: bias("self_attn.q_proj.bias"),
        key: tensor("self_attn.k_proj.weight"),
        keyBias: bias("self_attn.k_proj.bias"),
        value: tensor("self_attn.v_proj.weight"),
        valueBias: bias("self_attn.v_proj.bias"),
        output: tensor("self_attn.o_proj.weight"),
        postAttentionNorm: tensor("post_attention_layernorm.weight"),
        gate: tensor("mlp.gate_proj.weight"),
        up: tensor("mlp.up_proj.weight"),
        down: tensor("mlp.down_proj.weight"),
      };
    });
    this.reset();
  }

  /** The position the next step() will occupy, i.e. the number of tokens seen. */
  get position(): number {
    return this.nextPosition;
  }

  /** Forgets every token seen, to start a new sequence. */
  reset(): void {
    this.keyCache = this.layers.map(() => []);
    this.valueCache = this.layers.map(() => []);
    this.nextPosition = 0;
  }

  /** Feeds `tokenId` at the next position and returns the logits of the token after it. (V) */
  step(tokenId: number): Float64Array {
    const { config } = this;
    if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId >= config.vocabSize) {
      throw new RangeError(`Token id ${tokenId} is outside the vocabulary; expected an integer from 0 to ${config.vocabSize - 1}.`);
    }
    if (this.nextPosition >= config.maxPositionEmbeddings) {
      throw new RangeError(`Position ${this.nextPosition} is beyond max_position_embeddings ${config.maxPositionEmbeddings}; reset() to start a new sequence.`);
    }
    const position = this.nextPosition;
    const hidden = config.hiddenSize;

    const x = Float64Array.from(this.embedding.data.subarray(tokenId * hidden, (tokenId + 1) * hidden)); // (H) residual stream
    this.layers.forEach((layer, index) => {
      const attended = this.attention(layer, index, rmsNorm(x, layer.inputNorm.data, config.rmsNormEps), position); // (H)
      for (let i = 0; i < hidden; i++) x[i] = x[i]! + attended[i]!;

      const normed = rmsNorm(x, layer.postAttentionNorm.data, config.rmsNormEps); // (H)
      const gate = matVec(layer.gate, normed); // (I)
      const up = matVec(layer.up, normed); // (I)
      for (let i = 0; i < gate.length; i++) gate[i] = silu(gate[i]!) * up[i]!;
      const down = matVec(layer.down, gate); // (H)
      for (let i = 0; i < hidden; i++) x[i] = x[i]! + down[i]!;
    });

    this.nextPosition++;
    return matVec(this.head, rmsNorm(x, this.finalNorm.data, config.rmsNormEps)); // (V)
  }

  /** Grouped-query attention of one new position over the cached ones; returns o_proj's output. (H) */
  private attention(layer: LayerWeights, layerIndex: number, normed: Float64Array, position: number): Float64Array {
    const { numAttentionHeads, numKeyValueHeads, headDim, ropeLayout } = this.config;
    const query = matVec(layer.query, normed, layer.queryBias); // (nH*hd)
    const key = matVec(layer.key, normed, layer.keyBias); // (nKV*hd)
    const value = matVec(layer.value, normed, layer.valueBias); // (nKV*hd)
    for (let head = 0; head < numAttentionHeads; head++) applyRotary(query, head * headDim, position, this.inverseFrequencies, ropeLayout);
    for (let head = 0; head < numKeyValueHeads; head++) applyRotary(key, head * headDim, position, this.inverseFrequencies, ropeLayout);
    const keys = this.keyCache[layerIndex]!; // [position] → (nKV*hd)
    const values = this.valueCache[layerIndex]!; // [position] → (nKV*hd)
    keys.push(key);
    values.push(value);

    // Query head h reads key/value head floor(h / group), as transformers' repeat_kv arranges them.
    const group = numAttentionHeads / numKeyValueHeads;
    const scale = 1 / Math.sqrt(headDim);
    const mixed = new Float64Array(numAttentionHeads * headDim); // (nH*hd) attention output, heads concatenated
    const scores = new Float64Array(position + 1); // (T) one head's scores over positions 0..position
    for (let head = 0; head < numAttentionHeads; head++) {
      const queryOffset = head * headDim;
      const keyValueOffset = Math.floor(head / group) * headDim;
      for (let t = 0; t <= position; t++) {
        const cachedKey = keys[t]!;
        let dot = 0;
        for (let i = 0; i < headDim; i++) dot += query[queryOffset + i]! * cachedKey[keyValueOffset + i]!;
        scores[t] = dot * scale;
      }
      softmaxInPlace(scores, position + 1);
      for (let t = 0; t <= position; t++) {
        const cachedValue = values[t]!;
        const weight = scores[t]!;
        for (let i = 0; i < headDim; i++) mixed[queryOffset + i] = mixed[queryOffset + i]! + weight * cachedValue[keyValueOffset + i]!;
      }
    }
    return matVec(layer.output, mixed);
  }
}

// ---------------------------------------------------------------- sequences

/** Returns the index of the largest value; the first one on ties. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Returns the logits after each token of `tokenIds`. (T, V) */
export function referenceLogits(model: LlamaModel, tokenIds: readonly number[]): Float64Array[] {
  const decoder = new ReferenceDecoder(model);
  return tokenIds.map((tokenId) => decoder.step(tokenId));
}

/** Returns `promptIds` followed by `maxNewTokens` tokens, each the argmax of the logits (temperature 0). */
export function referenceGreedyDecode(model: LlamaModel, promptIds: readonly number[], maxNewTokens: number): number[] {
  if (promptIds.length === 0) throw new RangeError("Greedy decoding needs at least one prompt token, e.g. the BOS token.");
  const decoder = new ReferenceDecoder(model);
  const tokens = [...promptIds];
  let logits: Float64Array = new Float64Array(0); // (V)
  for (const tokenId of promptIds) logits = decoder.step(tokenId);
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(logits);
    tokens.push(next);
    if (i + 1 < maxNewTokens) logits = decoder.step(next);
  }
  return tokens;
}

/** Returns -log softmax(logits)[target], computed through log-sum-exp. */
export function negativeLogLikelihood(logits: Float64Array, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  return max + Math.log(sum) - logits[target]!;
}

/**
 * Returns the mean negative log-likelihood in nats per token over every next-token
 * prediction of `sequences` (token t + 1 given tokens 0..t), pooled across sequences,
 * and the number of predictions it averages.
 */
export function referenceMeanNll(model: LlamaModel, sequences: readonly (readonly number[])[]): { meanNll: number; predictionCount: number } {
  let total = 0;
  let predictionCount = 0;
  for (const sequence of sequences) {
    const decoder = new ReferenceDecoder(model);
    for (let t = 0; t + 1 < sequence.length; t++) {
      total += negativeLogLikelihood(decoder.step(sequence[t]!), sequence[t + 1]!);
      predictionCount++;
    }
  }
  if (predictionCount === 0) throw new RangeError("The mean NLL needs at least one sequence of two or more tokens.");
  return { meanNll: total / predictionCount, predictionCount };
}
