// Tensors and nodes of the engine's graphs, and the leaves a graph starts from.
//
// As in micrograd, a graph is implicit in the references between values: a tensor made by an op
// points at its node, and the node at its input tensors. Nothing is registered in a global graph,
// so differentiating a graph adds new tensors and leaves the differentiated graph as it was.
// One engine node is one ONNX node; `apply` is the only place that makes nodes.

export type DType = "float32" | "float64" | "int64" | "int32" | "bool";

export const DTYPES: readonly DType[] = ["float32", "float64", "int64", "int32", "bool"];

/** A dimension: a size, or a symbol such as "batch" or "seq" that is bound when the graph runs. */
export type Dim = number | string;

export type Shape = readonly Dim[];

/** The typed array that stores each dtype, as onnxruntime lays it out (bool is one byte per element). */
export interface DataOf {
  float32: Float32Array;
  float64: Float64Array;
  int64: BigInt64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export type TensorArray = DataOf[DType];

/** A concrete tensor: the data of a constant or initializer, and what a session takes and returns. */
export interface TensorData<D extends DType = DType> {
  dtype: D;
  shape: readonly number[];
  data: DataOf[D];
}

export type Attribute =
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "string"; value: string }
  | { type: "ints"; value: readonly number[] }
  | { type: "floats"; value: readonly number[] }
  | { type: "tensor"; value: TensorData };

/**
 * Local backward of one node: from the gradients of its outputs (null where nothing downstream
 * depends on that output) to the gradients of its inputs. `needsGrad[i]` is false for an input whose
 * gradient was not requested. The backward returns null there, and for inputs with no gradient.
 */
export type Backward = (
  outputGrads: readonly (Tensor | null)[],
  needsGrad: readonly boolean[],
) => readonly (Tensor | null)[];

let nextId = 0;

export class Node {
  readonly id = nextId++;
  readonly outputs: Tensor[] = [];

  constructor(
    /** ONNX op_type, in the default ("ai.onnx") domain. */
    readonly type: string,
    readonly inputs: readonly Tensor[],
    readonly attributes: Readonly<Record<string, Attribute>>,
    /** Absent for ops that have no gradient; autodiff then rejects a path through the node. */
    readonly backward: Backward | undefined,
  ) {}
}

export type TensorSource =
  | { kind: "input"; name: string }
  | { kind: "initializer"; name: string; value: TensorData }
  | { kind: "node"; node: Node; index: number };

export class Tensor {
  readonly id = nextId++;

  constructor(
    readonly dtype: DType,
    readonly shape: Shape,
    readonly source: TensorSource,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  /** The node that computes this tensor, or null for an input or initializer. */
  get node(): Node | null {
    return this.source.kind === "node" ? this.source.node : null;
  }

  /** Describes the tensor for error messages: where it comes from, its dtype and its shape. */
  describe(): string {
    const source = this.source;
    const what = source.kind === "node" ? `output ${source.index} of ${source.node.type}` : `${source.kind} "${source.name}"`;
    return `${what} (${this.dtype}, shape [${this.shape.join(", ")}])`;
  }
}

export interface OutputSpec {
  dtype: DType;
  shape: Shape;
}

export interface NodeSpec {
  type: string;
  inputs: readonly Tensor[];
  attributes?: Record<string, Attribute>;
  outputs: readonly OutputSpec[];
  backward?: Backward;
}

/** Makes a node and returns its output tensors. */
export function apply(spec: NodeSpec): Tensor[] {
  const node = new Node(spec.type, spec.inputs, spec.attributes ?? {}, spec.backward);
  spec.outputs.forEach((output, index) => {
    node.outputs.push(new Tensor(output.dtype, output.shape, { kind: "node", node, index }));
  });
  return node.outputs;
}

/** Makes a node with one output and returns that output. */
export function apply1(spec: NodeSpec): Tensor {
  return apply(spec)[0]!;
}

const SYMBOL = /^[A-Za-z_][\w.]*$/;

function checkShapeSpec(shape: Shape, what: string): void {
  for (const dim of shape) {
    if (typeof dim === "number" ? !Number.isInteger(dim) || dim < 0 : !SYMBOL.test(dim)) {
      throw new Error(
        `${what}: dim ${JSON.stringify(dim)} in [${shape.join(", ")}] is invalid; expected a non-negative integer ` +
          `or a symbol name (a letter or _ followed by letters, digits, _ or .)`,
      );
    }
  }
}

/**
 * Declares a graph input, fed by name on every run. Weights can be inputs too, so that one graph
 * serves training, gradient-based scoring and serving with whatever weights the caller passes.
 */
export function input(name: string, dtype: DType, shape: Shape): Tensor {
  if (name.length === 0) throw new Error("input: the name is empty; every graph input needs a name");
  if (!DTYPES.includes(dtype)) throw new Error(`input "${name}": dtype ${String(dtype)} is not one of ${DTYPES.join(", ")}`);
  checkShapeSpec(shape, `input "${name}"`);
  return new Tensor(dtype, [...shape], { kind: "input", name });
}

const ARRAY_TYPES: { [D in DType]: new (length: number) => DataOf[D] } = {
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

export function arrayTypeOf<D extends DType>(dtype: D): new (length: number) => DataOf[D] {
  return ARRAY_TYPES[dtype];
}

/** Checks that a concrete tensor's data fits its dtype and shape; `what` names it in errors. */
export function checkTensorData(value: TensorData, what: string): void {
  const expectedType = ARRAY_TYPES[value.dtype];
  if (expectedType === undefined) throw new Error(`${what}: dtype ${String(value.dtype)} is not one of ${DTYPES.join(", ")}`);
  if (!(value.data instanceof expectedType)) {
    throw new Error(`${what}: data is a ${value.data.constructor.name}; dtype ${value.dtype} needs a ${expectedType.name}`);
  }
  checkShapeSpec(value.shape, what);
  const size = value.shape.reduce((a, b) => a * b, 1);
  if (value.data.length !== size) {
    throw new Error(`${what}: data has ${value.data.length} elements; shape [${value.shape.join(", ")}] needs ${size}`);
  }
}

/** Declares a named tensor stored in the model file (graph.initializer), such as a frozen weight. */
export function initializer(name: string, value: TensorData): Tensor {
  if (name.length === 0) throw new Error("initializer: the name is empty; every initializer needs a name");
  checkTensorData(value, `initializer "${name}"`);
  return new Tensor(value.dtype, [...value.shape], { kind: "initializer", name, value });
}

export function isFloat(dtype: DType): dtype is "float32" | "float64" {
  return dtype === "float32" || dtype === "float64";
}
