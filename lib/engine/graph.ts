// A graph: named outputs, plus the inputs they depend on in feed order. The topological sort that
// export and autodiff both walk lives here.
import type { Node, Tensor } from "./tensor";

/**
 * Lists every node that `roots` depend on, each after the nodes that compute its inputs. The walk is
 * iterative, so a deep graph (a decoder of many blocks, then its backward) cannot overflow the stack.
 */
export function topologicalOrder(roots: readonly Tensor[]): Node[] {
  const order: Node[] = [];
  const done = new Set<Node>();
  const onStack = new Set<Node>();

  for (const root of roots) {
    const rootNode = root.node;
    if (rootNode === null || done.has(rootNode)) continue;

    // Each frame is a node and the index of the next input to visit.
    const stack: [Node, number][] = [[rootNode, 0]];
    onStack.add(rootNode);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const [node, next] = frame;
      if (next < node.inputs.length) {
        frame[1] = next + 1;
        const child = node.inputs[next]!.node;
        if (child === null || done.has(child)) continue;
        if (onStack.has(child)) throw new Error(`graph has a cycle through ${child.type} node ${child.id}`);
        onStack.add(child);
        stack.push([child, 0]);
        continue;
      }
      stack.pop();
      onStack.delete(node);
      done.add(node);
      order.push(node);
    }
  }
  return order;
}

/** Lists the inputs and initializers that `roots` depend on, in the order a depth-first walk reaches them. */
export function leavesOf(roots: readonly Tensor[]): Tensor[] {
  const leaves: Tensor[] = [];
  const seen = new Set<Tensor>();
  const visit = (tensor: Tensor) => {
    if (tensor.source.kind === "node" || seen.has(tensor)) return;
    seen.add(tensor);
    leaves.push(tensor);
  };
  roots.forEach(visit);
  for (const node of topologicalOrder(roots)) node.inputs.forEach(visit);
  return leaves;
}

export interface GraphOptions {
  name?: string;
  /**
   * Inputs in feed order. Default: every input the outputs depend on, ordered by creation. Listing
   * an input the outputs do not use keeps it in the model, so one feed fits several graphs.
   */
  inputs?: readonly Tensor[];
}

export class Graph {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly outputs: Readonly<Record<string, Tensor>>;

  constructor(outputs: Record<string, Tensor>, options: GraphOptions = {}) {
    this.name = options.name ?? "graph";
    this.outputs = { ...outputs };

    const outputNames = Object.keys(outputs);
    if (outputNames.length === 0) throw new Error(`graph "${this.name}": no outputs; pass at least one named tensor`);

    const leaves = leavesOf(Object.values(outputs));
    const reachableInputs = leaves.filter((leaf) => leaf.source.kind === "input");
    let inputs = [...reachableInputs].sort((a, b) => a.id - b.id);
    if (options.inputs !== undefined) {
      for (const tensor of options.inputs) {
        if (tensor.source.kind !== "input") {
          throw new Error(`graph "${this.name}": options.inputs lists ${tensor.describe()}, which is not a graph input`);
        }
      }
      const missing = reachableInputs.filter((tensor) => !options.inputs!.includes(tensor));
      if (missing.length > 0) {
        throw new Error(
          `graph "${this.name}": the outputs use inputs missing from options.inputs: ${missing.map((t) => t.describe()).join(", ")}`,
        );
      }
      inputs = [...new Set(options.inputs)];
    }
    this.inputs = inputs;

    // ONNX names every value once, so inputs, initializers and outputs must not share names.
    const owners = new Map<string, string>();
    const claim = (name: string, what: string) => {
      const previous = owners.get(name);
      if (previous !== undefined) {
        throw new Error(`graph "${this.name}": the name "${name}" is used by ${previous} and by ${what}; names must be unique`);
      }
      owners.set(name, what);
    };
    for (const tensor of [...inputs, ...leaves.filter((leaf) => leaf.source.kind === "initializer")]) {
      if (tensor.source.kind === "node") continue;
      claim(tensor.source.name, tensor.describe());
    }
    for (const name of outputNames) claim(name, `output "${name}"`);
  }

}
