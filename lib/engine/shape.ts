// Static shape arithmetic for graph building: broadcasting, axes, and the algebra of symbolic dims.
//
// A dim is a size (a non-negative integer) or a symbol: a name such as "batch" or "seq" that is bound
// to a size when the graph runs. Ops on symbolic shapes make derived symbols with canonical spellings,
// so that equal expressions compare equal as strings:
//   product: factors sorted and joined by "*", a numeric coefficient first ("batch*seq", "4*seq")
//   sum:     terms sorted and joined by "+", a numeric constant last ("past+seq", "seq+1")
//   other:   an opaque name ("seq-1" after a slice), equal only to itself
import type { Dim, Shape } from "./tensor";

export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

export function isStatic(shape: Shape): shape is readonly number[] {
  return shape.every((dim) => typeof dim === "number");
}

/** Counts the elements of a shape, or returns null when a dim is symbolic. */
export function staticSize(shape: Shape): number | null {
  let size = 1;
  for (const dim of shape) {
    if (typeof dim !== "number") return null;
    size *= dim;
  }
  return size;
}

/** Maps a possibly negative axis into [0, rank) or throws naming the op. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`${op}: axis ${axis} is out of range for rank ${rank}; expected an integer in [${-rank}, ${rank - 1}]`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalizes a list of axes, rejecting duplicates; the result is sorted ascending. */
export function normalizeAxes(axes: readonly number[], rank: number, op: string): number[] {
  const normalized = axes.map((axis) => normalizeAxis(axis, rank, op));
  const sorted = [...new Set(normalized)].sort((a, b) => a - b);
  if (sorted.length !== normalized.length) {
    throw new Error(`${op}: axes ${formatShape(axes)} repeat an axis`);
  }
  return sorted;
}

/** Computes the result shape of NumPy-style broadcasting, which ONNX's elementwise ops follow. */
export function broadcastShapes(shapes: readonly Shape[], op: string): Dim[] {
  const rank = Math.max(...shapes.map((shape) => shape.length));
  const result: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const shape of shapes) {
      const d = shape[shape.length - rank + i] ?? 1;
      if (d === 1 || d === dim) continue;
      if (dim === 1) {
        dim = d;
        continue;
      }
      // A symbol against a different symbol or a size > 1 may match at run time, but nothing here
      // proves it, and backward needs to know which axes were broadcast.
      throw new Error(
        `${op}: shapes ${shapes.map(formatShape).join(" and ")} do not broadcast: axis ${i} of the result gets ` +
          `${dim} from one and ${d} from another; expected equal dims or 1`,
      );
    }
    result.push(dim);
  }
  return result;
}

interface Product {
  coefficient: number;
  factors: string[];
}

/** Splits at `separator` where it is outside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const SIMPLE_SYMBOL = /^[A-Za-z_][\w.]*$/;

function factorize(dim: Dim): Product {
  if (typeof dim === "number") return { coefficient: dim, factors: [] };
  // A sum such as "past+seq" is one factor, not a product to split.
  if (splitTopLevel(dim, "+").length > 1) return { coefficient: 1, factors: [dim] };

  const product: Product = { coefficient: 1, factors: [] };
  for (const part of splitTopLevel(dim, "*")) {
    if (/^\d+$/.test(part)) product.coefficient *= Number(part);
    else product.factors.push(part.replace(/^\((.*)\)$/, "$1"));
  }
  return product;
}

function productDim(product: Product): Dim {
  if (product.factors.length === 0 || product.coefficient === 0) return product.coefficient;
  if (product.coefficient === 1 && product.factors.length === 1) return product.factors[0]!;

  const factors = product.factors
    .map((factor) => (SIMPLE_SYMBOL.test(factor) ? factor : `(${factor})`))
    .sort()
    .join("*");
  return product.coefficient === 1 ? factors : `${product.coefficient}*${factors}`;
}

/** Multiplies dims, spelling a symbolic result as a canonical product symbol. */
export function multiplyDims(dims: readonly Dim[]): Dim {
  const product: Product = { coefficient: 1, factors: [] };
  for (const dim of dims) {
    const factor = factorize(dim);
    product.coefficient *= factor.coefficient;
    product.factors.push(...factor.factors);
  }
  return productDim(product);
}

/**
 * Divides `numerator` by `denominator`, or returns null when the quotient is not a whole size or
 * product of symbols (for example "seq" / 2, or 6 / 4).
 */
export function divideDims(numerator: Dim, denominator: Dim): Dim | null {
  const top = factorize(numerator);
  const bottom = factorize(denominator);
  if (bottom.coefficient === 0 || top.coefficient % bottom.coefficient !== 0) return null;

  const remaining = [...top.factors];
  for (const factor of bottom.factors) {
    const at = remaining.indexOf(factor);
    if (at < 0) return null;
    remaining.splice(at, 1);
  }
  return productDim({ coefficient: top.coefficient / bottom.coefficient, factors: remaining });
}

/** Adds dims, spelling a symbolic result as a canonical sum symbol. */
export function addDims(dims: readonly Dim[]): Dim {
  let constant = 0;
  const terms: string[] = [];
  for (const dim of dims) {
    if (typeof dim === "number") {
      constant += dim;
      continue;
    }
    for (const term of splitTopLevel(dim, "+")) {
      if (/^\d+$/.test(term)) constant += Number(term);
      else terms.push(term);
    }
  }
  if (terms.length === 0) return constant;
  const sum = terms.sort().join("+");
  return constant === 0 ? sum : `${sum}+${constant}`;
}

/** Checks whether two dims are known to be equal (the same size, or the same symbol). */
export function sameDim(a: Dim, b: Dim): boolean {
  return a === b;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => sameDim(dim, b[i]!));
}
