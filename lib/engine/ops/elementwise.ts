// Elementwise ops with NumPy broadcasting: arithmetic, unary math, Where, Cast and comparisons.
// Each forward is followed by its backward; a broadcast input gets its gradient summed back to its
// own shape by sumTo.
import { broadcastShapes, sameShape } from "../shape";
import { apply1, isFloat, type DType, type Shape, type Tensor } from "../tensor";
import { ONNX_DATA_TYPE } from "../onnx-proto";
import { scalar } from "./constant";
import { squeeze } from "./layout";
import { reduceSum } from "./reduce";

/** A tensor, or a number that becomes a rank-0 constant of the other operand's dtype. */
export type Operand = Tensor | number;

const NUMERIC: readonly DType[] = ["float32", "float64", "int64", "int32"];

function checkDtype(x: Tensor, allowed: readonly DType[], op: string): void {
  if (!allowed.includes(x.dtype)) {
    throw new Error(`${op}: ${x.describe()} has dtype ${x.dtype}; expected one of ${allowed.join(", ")}`);
  }
}

function lift(a: Operand, b: Operand, op: string): [Tensor, Tensor] {
  if (typeof a === "number" && typeof b === "number") throw new Error(`${op}: both operands are numbers; one must be a tensor`);
  const ta = typeof a === "number" ? scalar(a, (b as Tensor).dtype) : a;
  const tb = typeof b === "number" ? scalar(b, ta.dtype) : b;
  if (ta.dtype !== tb.dtype) {
    throw new Error(`${op}: dtypes differ, ${ta.describe()} and ${tb.describe()}; cast one of them first`);
  }
  return [ta, tb];
}

/** Sums a broadcast gradient back to `shape`: over added leading axes and over axes that were 1. */
export function sumTo(dy: Tensor, shape: Shape): Tensor {
  const lead = dy.rank - shape.length;
  if (lead < 0) throw new Error(`sumTo: ${dy.describe()} has lower rank than the target [${shape.join(", ")}]`);

  const axes: number[] = [];
  for (let axis = 0; axis < dy.rank; axis++) {
    if (axis < lead || (shape[axis - lead] === 1 && dy.shape[axis] !== 1)) axes.push(axis);
  }
  let out = axes.length === 0 ? dy : reduceSum(dy, axes, true);
  if (lead > 0) out = squeeze(out, Array.from({ length: lead }, (_, axis) => axis));

  if (!sameShape(out.shape, shape)) {
    throw new Error(`sumTo: reducing ${dy.describe()} gave [${out.shape.join(", ")}], not the target [${shape.join(", ")}]`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Binary arithmetic

function binaryNode(
  type: string,
  a: Tensor,
  b: Tensor,
  backward: (dy: Tensor, y: Tensor, needs: readonly boolean[]) => [Tensor | null, Tensor | null],
): Tensor {
  checkDtype(a, NUMERIC, type);
  const y: Tensor = apply1({
    type,
    inputs: [a, b],
    outputs: [{ dtype: a.dtype, shape: broadcastShapes([a.shape, b.shape], type) }],
    backward: ([dy], needs) => {
      const [da, db] = backward(dy!, y, needs);
      return [da === null ? null : sumTo(da, a.shape), db === null ? null : sumTo(db, b.shape)];
    },
  });
  return y;
}

export function add(a: Operand, b: Operand): Tensor {
  const [x, z] = lift(a, b, "Add");
  return binaryNode("Add", x, z, (dy, _y, needs) => [needs[0] ? dy : null, needs[1] ? dy : null]);
}

export function sub(a: Operand, b: Operand): Tensor {
  const [x, z] = lift(a, b, "Sub");
  return binaryNode("Sub", x, z, (dy, _y, needs) => [needs[0] ? dy : null, needs[1] ? neg(dy) : null]);
}

export function mul(a: Operand, b: Operand): Tensor {
  const [x, z] = lift(a, b, "Mul");
  return binaryNode("Mul", x, z, (dy, _y, needs) => [needs[0] ? mul(dy, z) : null, needs[1] ? mul(dy, x) : null]);
}

export function div(a: Operand, b: Operand): Tensor {
  const [x, z] = lift(a, b, "Div");
  // y = x / z: dx = dy / z, dz = -dy * x / z² = -dy * y / z.
  return binaryNode("Div", x, z, (dy, y, needs) => [needs[0] ? div(dy, z) : null, needs[1] ? neg(div(mul(dy, y), z)) : null]);
}

/** x ** p, elementwise; both operands float of one dtype. */
export function pow(a: Operand, b: Operand): Tensor {
  const [x, p] = lift(a, b, "Pow");
  checkDtype(x, ["float32", "float64"], "Pow");
  // y = x^p: dx = dy * p * x^(p-1), dp = dy * y * ln x (built only when p needs a gradient, since
  // ln x is NaN for negative x).
  return binaryNode("Pow", x, p, (dy, y, needs) => [
    needs[0] ? mul(dy, mul(p, pow(x, sub(p, 1)))) : null,
    needs[1] ? mul(dy, mul(y, log(x))) : null,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Unary math

function unaryNode(type: string, x: Tensor, allowed: readonly DType[], backward: ((dy: Tensor, y: Tensor) => Tensor) | null): Tensor {
  checkDtype(x, allowed, type);
  const y: Tensor = apply1({
    type,
    inputs: [x],
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    backward: ([dy], needs) => [needs[0] && backward !== null ? backward(dy!, y) : null],
  });
  return y;
}

const FLOAT: readonly DType[] = ["float32", "float64"];

export function neg(x: Tensor): Tensor {
  return unaryNode("Neg", x, NUMERIC, (dy) => neg(dy));
}

export function exp(x: Tensor): Tensor {
  return unaryNode("Exp", x, FLOAT, (dy, y) => mul(dy, y));
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return unaryNode("Log", x, FLOAT, (dy) => div(dy, x));
}

export function sqrt(x: Tensor): Tensor {
  return unaryNode("Sqrt", x, FLOAT, (dy, y) => div(mul(dy, 0.5), y));
}

/** 1 / x. */
export function reciprocal(x: Tensor): Tensor {
  return unaryNode("Reciprocal", x, FLOAT, (dy, y) => neg(mul(dy, mul(y, y))));
}

export function sigmoid(x: Tensor): Tensor {
  return unaryNode("Sigmoid", x, FLOAT, (dy, y) => mul(dy, mul(y, sub(1, y))));
}

export function tanh(x: Tensor): Tensor {
  return unaryNode("Tanh", x, FLOAT, (dy, y) => mul(dy, sub(1, mul(y, y))));
}

/** max(x, 0); the gradient at 0 is taken as 0. */
export function relu(x: Tensor): Tensor {
  return unaryNode("Relu", x, FLOAT, (dy) => where(greater(x, 0), dy, 0));
}

// ---------------------------------------------------------------------------------------------
// Where, Cast

/** cond ? a : b, elementwise, with cond bool and all three broadcast together. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  checkDtype(cond, ["bool"], "Where (condition)");
  const [x, z] = lift(a, b, "Where");
  const y = apply1({
    type: "Where",
    inputs: [cond, x, z],
    outputs: [{ dtype: x.dtype, shape: broadcastShapes([cond.shape, x.shape, z.shape], "Where") }],
    backward: ([dy], needs) => [
      null,
      needs[1] ? sumTo(where(cond, dy!, 0), x.shape) : null,
      needs[2] ? sumTo(where(cond, 0, dy!), z.shape) : null,
    ],
  });
  return y;
}

/** Converts to `dtype`; the gradient flows back only between float dtypes. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return apply1({
    type: "Cast",
    inputs: [x],
    attributes: { to: { type: "int", value: ONNX_DATA_TYPE[dtype] } },
    outputs: [{ dtype, shape: x.shape }],
    backward: ([dy], needs) => [needs[0] && isFloat(x.dtype) && isFloat(dtype) ? cast(dy!, x.dtype) : null],
  });
}

// ---------------------------------------------------------------------------------------------
// Comparisons (bool results, no gradient)

function compare(type: string, a: Operand, b: Operand): Tensor {
  const [x, z] = lift(a, b, type);
  checkDtype(x, NUMERIC, type);
  return apply1({
    type,
    inputs: [x, z],
    outputs: [{ dtype: "bool", shape: broadcastShapes([x.shape, z.shape], type) }],
    backward: () => [null, null],
  });
}

export function equal(a: Operand, b: Operand): Tensor {
  return compare("Equal", a, b);
}

export function less(a: Operand, b: Operand): Tensor {
  return compare("Less", a, b);
}

export function lessOrEqual(a: Operand, b: Operand): Tensor {
  return compare("LessOrEqual", a, b);
}

export function greater(a: Operand, b: Operand): Tensor {
  return compare("Greater", a, b);
}

export function greaterOrEqual(a: Operand, b: Operand): Tensor {
  return compare("GreaterOrEqual", a, b);
}

export function not(x: Tensor): Tensor {
  checkDtype(x, ["bool"], "Not");
  return apply1({ type: "Not", inputs: [x], outputs: [{ dtype: "bool", shape: x.shape }], backward: () => [null] });
}
