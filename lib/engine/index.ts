// The tensor-graph engine: build graphs of ONNX ops in TypeScript, differentiate them, and run them
// (forward and gradient graphs alike) in onnxruntime. See lib/engine/README.md.
export { grad, gradients, type GradOptions } from "./autodiff";
export { Graph, leavesOf, topologicalOrder, type GraphOptions } from "./graph";
export { decodeModel, encodeModel, IR_VERSION, OPSET_VERSION, toModelObject, type ModelOptions } from "./onnx-model";
export { Session, type Feeds, type SessionOptions } from "./session";
export {
  apply,
  apply1,
  initializer,
  input,
  Node,
  Tensor,
  type Attribute,
  type Backward,
  type DataOf,
  type Dim,
  type DType,
  type Shape,
  type TensorArray,
  type TensorData,
} from "./tensor";
export { arange, constant, dimsTensor, filled, int64s, scalar, shapeOf, zerosLike } from "./ops/constant";
export {
  add,
  cast,
  div,
  equal,
  exp,
  greater,
  greaterOrEqual,
  less,
  lessOrEqual,
  log,
  mul,
  neg,
  not,
  pow,
  reciprocal,
  relu,
  sigmoid,
  sqrt,
  sub,
  sumTo,
  tanh,
  where,
  type Operand,
} from "./ops/elementwise";
export { gather, gatherElements, gatherND, scatterElements, scatterND, type ScatterReduction } from "./ops/indexing";
export {
  concat,
  expand,
  expandLike,
  pad,
  reshape,
  reshapeLike,
  slice,
  split,
  squeeze,
  transpose,
  transposeLast,
  unsqueeze,
  type SliceSpec,
} from "./ops/layout";
export { softmaxCrossEntropy, type CrossEntropyOptions } from "./ops/loss";
export { matmul } from "./ops/matmul";
export { linear, rmsNorm, silu } from "./ops/nn";
export { countAlong, logSoftmax, reduceMean, reduceSum, softmax } from "./ops/reduce";
