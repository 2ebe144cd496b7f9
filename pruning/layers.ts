// The seven linear layers of a LLaMA decoder block that the pruner sparsifies, and the
// activation each one reads. Weights are stored (out_features, in_features), so "a row" is
// one output unit and "a column" one input feature throughout this module.
import type { LlamaConfig } from "../lib/model/config";
import { layerTensorName } from "../lib/model/weights";

/**
 * The four distinct activations that feed a block's linear layers, named as the decoder
 * block graph outputs them (LINEAR_INPUT_OUTPUTS in lib/model/onnx-decoder.ts):
 * - "attention_input": input_layernorm(x), read by q_proj, k_proj and v_proj (H)
 * - "o_proj_input": the concatenated attention heads, read by o_proj (nH*hd)
 * - "mlp_input": post_attention_layernorm(h), read by gate_proj and up_proj (H)
 * - "down_proj_input": silu(gate_proj(..)) * up_proj(..), read by down_proj (I)
 */
export const LINEAR_INPUTS = ["attention_input", "o_proj_input", "mlp_input", "down_proj_input"] as const;
export type LinearInput = (typeof LINEAR_INPUTS)[number];

export const LINEAR_LAYERS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] as const;
export type LinearLayer = (typeof LINEAR_LAYERS)[number];

/** The activation each linear layer multiplies. */
export const INPUT_OF_LAYER: Readonly<Record<LinearLayer, LinearInput>> = {
  q_proj: "attention_input",
  k_proj: "attention_input",
  v_proj: "attention_input",
  o_proj: "o_proj_input",
  gate_proj: "mlp_input",
  up_proj: "mlp_input",
  down_proj: "down_proj_input",
};

const TENSOR_SUFFIX: Readonly<Record<LinearLayer, string>> = {
  q_proj: "self_attn.q_proj.weight",
  k_proj: "self_attn.k_proj.weight",
  v_proj: "self_attn.v_proj.weight",
  o_proj: "self_attn.o_proj.weight",
  gate_proj: "mlp.gate_proj.weight",
  up_proj: "mlp.up_proj.weight",
  down_proj: "mlp.down_proj.weight",
};

/** Returns the Hugging Face tensor name of `layer`'s weight in decoder block `block`. */
export function linearWeightName(layer: LinearLayer, block: number): string {
  return layerTensorName(TENSOR_SUFFIX[layer], block);
}

/** Returns the width of each linear input, i.e. the in_features of the layers that read it. */
export function linearInputWidths(config: LlamaConfig): Record<LinearInput, number> {
  return {
    attention_input: config.hiddenSize,
    o_proj_input: config.numAttentionHeads * config.headDim,
    mlp_input: config.hiddenSize,
    down_proj_input: config.intermediateSize,
  };
}
