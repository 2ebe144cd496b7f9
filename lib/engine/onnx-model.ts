// Writes an engine graph as an ONNX ModelProto (opset 18, IR version 8) and reads one back.
import { Graph, topologicalOrder } from "./graph";
import { ModelProto, ONNX_ATTRIBUTE_TYPE, ONNX_DATA_TYPE } from "./onnx-proto";
import type { Attribute, Shape, Tensor, TensorData } from "./tensor";

/** ai.onnx opset the engine's ops follow (ReduceMean and ReduceSum take axes as an input from 18). */
export const OPSET_VERSION = 18;
/** IR version that ONNX 1.13 paired with opset 18. */
export const IR_VERSION = 8;

// TensorProto.raw_data is little-endian; the typed arrays are written as they lie in memory.
if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
  throw new Error("the engine writes tensor data in host byte order, and this host is big-endian; ONNX needs little-endian");
}

function rawBytes(value: TensorData): Uint8Array {
  return new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength);
}

function tensorProto(value: TensorData, name?: string): Record<string, unknown> {
  return {
    ...(name === undefined ? {} : { name }),
    dims: [...value.shape],
    data_type: ONNX_DATA_TYPE[value.dtype],
    raw_data: rawBytes(value),
  };
}

function attributeProto(name: string, attribute: Attribute): Record<string, unknown> {
  const type = ONNX_ATTRIBUTE_TYPE[attribute.type];
  switch (attribute.type) {
    case "int":
      return { name, type, i: attribute.value };
    case "float":
      return { name, type, f: attribute.value };
    case "string":
      return { name, type, s: new TextEncoder().encode(attribute.value) };
    case "ints":
      return { name, type, ints: [...attribute.value] };
    case "floats":
      return { name, type, floats: [...attribute.value] };
    case "tensor":
      return { name, type, t: tensorProto(attribute.value) };
  }
}

function valueInfo(name: string, tensor: Tensor): Record<string, unknown> {
  const dims = (shape: Shape) => shape.map((dim) => (typeof dim === "number" ? { dim_value: dim } : { dim_param: dim }));
  return { name, type: { tensor_type: { elem_type: ONNX_DATA_TYPE[tensor.dtype], shape: { dim: dims(tensor.shape) } } } };
}

export interface ModelOptions {
  producerName?: string;
  docString?: string;
}

/** Builds the graph as a ModelProto-shaped plain object (snake_case fields, as in onnx.proto). */
export function toModelObject(graph: Graph, options: ModelOptions = {}): Record<string, unknown> {
  const outputs = Object.entries(graph.outputs);
  const order = topologicalOrder(outputs.map(([, tensor]) => tensor));

  // Value names: leaves keep theirs, an output computed by a node takes the output's name, and the
  // rest get the op type and tensor id.
  const names = new Map<Tensor, string>();
  const taken = new Set<string>(outputs.map(([name]) => name));
  const initializers: Tensor[] = [];
  for (const tensor of graph.inputs) {
    if (tensor.source.kind === "input") names.set(tensor, tensor.source.name);
  }
  for (const node of order) {
    for (const tensor of node.inputs) {
      if (tensor.source.kind === "node" || names.has(tensor)) continue;
      names.set(tensor, tensor.source.name);
      if (tensor.source.kind === "initializer") initializers.push(tensor);
    }
  }
  for (const name of names.values()) taken.add(name);

  const renamedOutputs: [string, Tensor][] = [];
  for (const [name, tensor] of outputs) {
    if (tensor.source.kind === "node" && !names.has(tensor)) names.set(tensor, name);
    else renamedOutputs.push([name, tensor]);
  }
  const fresh = (tensor: Tensor, type: string) => {
    let name = `${type}_${tensor.id}`;
    while (taken.has(name)) name += "_";
    taken.add(name);
    return name;
  };

  const nodes: Record<string, unknown>[] = [];
  for (const node of order) {
    for (const tensor of node.outputs) if (!names.has(tensor)) names.set(tensor, fresh(tensor, node.type));
    nodes.push({
      name: `${node.type}_${node.id}`,
      op_type: node.type,
      input: node.inputs.map((tensor) => names.get(tensor)!),
      output: node.outputs.map((tensor) => names.get(tensor)!),
      attribute: Object.entries(node.attributes).map(([name, attribute]) => attributeProto(name, attribute)),
    });
  }

  // An output that is a leaf, or a tensor already named by another output, is copied by Identity.
  for (const [name, tensor] of renamedOutputs) {
    if (!names.has(tensor) && tensor.source.kind === "initializer") {
      // An initializer that only an output reads.
      names.set(tensor, tensor.source.name);
      initializers.push(tensor);
    }
    nodes.push({ name: `Identity_${name}`, op_type: "Identity", input: [names.get(tensor)!], output: [name] });
  }

  const graphProto = {
    name: graph.name,
    node: nodes,
    initializer: initializers.map((tensor) =>
      tensor.source.kind === "initializer" ? tensorProto(tensor.source.value, tensor.source.name) : {},
    ),
    input: graph.inputs.map((tensor) => valueInfo(names.get(tensor)!, tensor)),
    output: outputs.map(([name, tensor]) => valueInfo(name, tensor)),
  };
  return {
    ir_version: IR_VERSION,
    opset_import: [{ domain: "", version: OPSET_VERSION }],
    producer_name: options.producerName ?? "seller-copilot engine",
    ...(options.docString === undefined ? {} : { doc_string: options.docString }),
    graph: graphProto,
  };
}

/** Encodes the graph as ONNX bytes, ready for ort.InferenceSession.create or a .onnx file. */
export function encodeModel(graph: Graph, options: ModelOptions = {}): Uint8Array {
  const object = toModelObject(graph, options);
  const problem = ModelProto.verify(object);
  if (problem !== null) throw new Error(`encodeModel: graph "${graph.name}" does not fit ModelProto: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(object)).finish();
}

/** Reads ONNX bytes into a ModelProto-shaped plain object, with int64 fields as numbers. */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false });
}
