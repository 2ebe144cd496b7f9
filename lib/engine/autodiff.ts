// Reverse-mode autodiff over engine graphs. It walks the nodes in reverse topological order, and each
// node's own backward (written beside its forward in ops/) turns the gradients of its outputs into
// gradients of its inputs. A tensor used several times gets the sum. The result is more engine
// tensors, so the gradient graph is itself an ONNX graph that runs in onnxruntime.
import { Graph, leavesOf, topologicalOrder } from "./graph";
import { filled, zerosLike } from "./ops/constant";
import { add } from "./ops/elementwise";
import { formatShape, sameShape } from "./shape";
import { isFloat, type Tensor } from "./tensor";

/**
 * Builds the gradients of sum_i <seeds[i], outputs[i]> with respect to each tensor in `wrt`. A seed
 * defaults to ones, so a scalar loss gets d loss / d w. A tensor in `wrt` that no output depends on
 * gets zeros.
 */
export function gradients(outputs: readonly Tensor[], wrt: readonly Tensor[], seeds: readonly (Tensor | undefined)[] = []): Tensor[] {
  for (const tensor of [...outputs, ...wrt]) {
    if (!isFloat(tensor.dtype)) throw new Error(`gradients: ${tensor.describe()} is not float32 or float64, so it has no gradient`);
  }

  const grads = new Map<Tensor, Tensor>();
  const accumulate = (tensor: Tensor, grad: Tensor) => {
    const previous = grads.get(tensor);
    grads.set(tensor, previous === undefined ? grad : add(previous, grad));
  };
  outputs.forEach((output, i) => {
    const seed = seeds[i] ?? filled(output.shape, 1, output.dtype, [output]);
    if (seed.dtype !== output.dtype || !sameShape(seed.shape, output.shape)) {
      throw new Error(`gradients: seed ${seed.describe()} does not match ${output.describe()}; expected the same dtype and shape`);
    }
    accumulate(output, seed);
  });

  // A tensor needs a gradient when it is float and depends on something in `wrt`.
  const order = topologicalOrder(outputs);
  const needed = new Set<Tensor>(wrt);
  for (const node of order) {
    if (!node.inputs.some((input) => needed.has(input))) continue;
    for (const output of node.outputs) if (isFloat(output.dtype)) needed.add(output);
  }

  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const outputGrads = node.outputs.map((output) => grads.get(output) ?? null);
    const needsGrad = node.inputs.map((input) => needed.has(input));
    if (outputGrads.every((grad) => grad === null) || !needsGrad.some(Boolean)) continue;
    if (node.backward === undefined) {
      throw new Error(`gradients: ${node.type} (node ${node.id}) has no gradient, but a path from the outputs to wrt passes through it`);
    }

    const inputGrads = node.backward(outputGrads, needsGrad);
    node.inputs.forEach((input, j) => {
      const grad = inputGrads[j];
      if (grad === null || grad === undefined || !needsGrad[j]) return;
      if (grad.dtype !== input.dtype || !sameShape(grad.shape, input.shape)) {
        throw new Error(
          `gradients: the backward of ${node.type} (node ${node.id}) gave ${grad.dtype} ${formatShape(grad.shape)} ` +
            `for input ${j}, which is ${input.describe()}`,
        );
      }
      accumulate(input, grad);
    });
  }

  return wrt.map((tensor) => grads.get(tensor) ?? zerosLike(tensor));
}

export interface GradOptions {
  /** Names of the outputs to differentiate; required when the graph has more than one. */
  of?: readonly string[];
  /** d(objective)/d(output) per output name; default ones. Make one an input to get vector-Jacobian products. */
  seeds?: Readonly<Record<string, Tensor>>;
}

/**
 * Builds a new graph with the outputs of `graph` plus the gradient of each tensor in `wrt`, as output
 * `grad_NAME`. `wrt` is a list of named inputs and initializers, or a record from name to any tensor
 * (an intermediate activation, for example).
 */
export function grad(graph: Graph, wrt: readonly Tensor[] | Readonly<Record<string, Tensor>>, options: GradOptions = {}): Graph {
  const names = Object.keys(graph.outputs);
  const of = options.of ?? names;
  if (of.length !== 1 && options.of === undefined) {
    throw new Error(`grad of graph "${graph.name}": it has outputs ${names.join(", ")}; pass options.of to pick the ones to differentiate`);
  }
  for (const name of [...of, ...Object.keys(options.seeds ?? {})]) {
    if (!names.includes(name)) throw new Error(`grad of graph "${graph.name}": no output "${name}"; outputs are ${names.join(", ")}`);
  }

  const named: [string, Tensor][] = Array.isArray(wrt)
    ? (wrt as readonly Tensor[]).map((tensor) => {
        if (tensor.source.kind === "node") {
          throw new Error(`grad: ${tensor.describe()} has no name; pass wrt as a record from name to tensor`);
        }
        return [tensor.source.name, tensor];
      })
    : Object.entries(wrt as Readonly<Record<string, Tensor>>);

  const outputs = of.map((name) => graph.outputs[name]!);
  const seeds = of.map((name) => options.seeds?.[name]);
  const grads = gradients(outputs, named.map(([, tensor]) => tensor), seeds);

  const all: Record<string, Tensor> = { ...graph.outputs };
  named.forEach(([name], i) => {
    all[`grad_${name}`] = grads[i]!;
  });
  const added = leavesOf(Object.values(all)).filter((leaf) => leaf.source.kind === "input" && !graph.inputs.includes(leaf));
  return new Graph(all, { name: `${graph.name}_grad`, inputs: [...graph.inputs, ...added] });
}
