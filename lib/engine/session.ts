// A graph compiled once into an onnxruntime InferenceSession and run many times with named feeds.
// Feeds are checked against the graph's inputs before they reach onnxruntime, so a wrong feed fails
// with the input's name, the shape received and the shape expected.
import * as ort from "onnxruntime-node";
import type { Graph } from "./graph";
import { encodeModel } from "./onnx-model";
import { formatShape } from "./shape";
import { arrayTypeOf, type Dim, type Tensor, type TensorData } from "./tensor";

export interface SessionOptions {
  /**
   * Threads one op may use. Default: onnxruntime's own choice (one per physical core). Each session
   * has its own pool, so several live sessions should each get a share of the cores.
   */
  intraOpNumThreads?: number;
  /** onnxruntime graph optimizations; default "all" (fuses Transpose into MatMul, folds constants). */
  graphOptimizationLevel?: "disabled" | "basic" | "extended" | "all";
  /** onnxruntime log level: 0 verbose, 1 info, 2 warning (default), 3 error, 4 fatal. */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
}

export type Feeds = Readonly<Record<string, TensorData>>;

export class Session {
  private constructor(
    readonly graph: Graph,
    private readonly session: ort.InferenceSession,
  ) {}

  /** Encodes the graph and loads it into onnxruntime (milliseconds, so build once and reuse). */
  static async create(graph: Graph, options: SessionOptions = {}): Promise<Session> {
    const bytes = encodeModel(graph);
    try {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: ["cpu"],
        executionMode: "sequential",
        interOpNumThreads: 1,
        graphOptimizationLevel: options.graphOptimizationLevel ?? "all",
        logSeverityLevel: options.logSeverityLevel ?? 2,
        ...(options.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: options.intraOpNumThreads }),
      });
      return new Session(graph, session);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Session.create: onnxruntime rejected graph "${graph.name}": ${message}`, { cause: error });
    }
  }

  get inputNames(): string[] {
    return this.graph.inputs.map(inputName);
  }

  get outputNames(): string[] {
    return Object.keys(this.graph.outputs);
  }

  /** Runs the graph; `fetch` picks outputs by name (default: all). */
  async run(feeds: Feeds, fetch: readonly string[] = this.outputNames): Promise<Record<string, TensorData>> {
    for (const name of fetch) {
      if (!(name in this.graph.outputs)) {
        throw new Error(`Session.run on graph "${this.graph.name}": no output "${name}"; outputs are ${this.outputNames.join(", ")}`);
      }
    }
    const bindings = this.checkFeeds(feeds);

    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const tensor of this.graph.inputs) {
      const name = inputName(tensor);
      const feed = feeds[name]!;
      ortFeeds[name] = new ort.Tensor(feed.dtype, feed.data, [...feed.shape]);
    }
    const results = await this.session.run(ortFeeds, [...fetch]);

    const outputs: Record<string, TensorData> = {};
    for (const name of fetch) {
      const result = results[name]!;
      const value = { dtype: result.type, shape: [...result.dims], data: result.data } as TensorData;
      this.checkOutput(name, value, bindings);
      outputs[name] = value;
    }
    return outputs;
  }

  /** Frees onnxruntime's memory for this session; the session cannot run afterwards. */
  async release(): Promise<void> {
    await this.session.release();
  }

  /** Validates feeds against the graph inputs and returns the size bound to each symbolic dim. */
  private checkFeeds(feeds: Feeds): Map<string, { size: number; input: string }> {
    const what = `Session.run on graph "${this.graph.name}"`;
    const expected = this.graph.inputs.map((tensor) => `${inputName(tensor)} (${tensor.dtype} ${formatShape(tensor.shape)})`);
    for (const name of Object.keys(feeds)) {
      if (!this.inputNames.includes(name)) {
        throw new Error(`${what}: unknown input "${name}"; the inputs are ${expected.join(", ")}`);
      }
    }

    const bindings = new Map<string, { size: number; input: string }>();
    for (const tensor of this.graph.inputs) {
      const name = inputName(tensor);
      const feed = feeds[name];
      const wanted = `${tensor.dtype} ${formatShape(tensor.shape)}`;
      if (feed === undefined) throw new Error(`${what}: missing input "${name}" (${wanted})`);

      if (feed.dtype !== tensor.dtype) {
        throw new Error(`${what}: input "${name}" has dtype ${feed.dtype}; expected ${tensor.dtype} (${wanted})`);
      }
      const arrayType = arrayTypeOf(tensor.dtype);
      if (!(feed.data instanceof arrayType)) {
        const received = ArrayBuffer.isView(feed.data) ? feed.data.constructor.name : typeof feed.data;
        throw new Error(`${what}: input "${name}" is ${tensor.dtype}, but its data is ${received}; ${tensor.dtype} data goes in ${arrayType.name}`);
      }

      if (feed.shape.length !== tensor.rank) {
        throw new Error(`${what}: input "${name}" has shape ${formatShape(feed.shape)}; expected ${formatShape(tensor.shape)}`);
      }
      tensor.shape.forEach((dim: Dim, axis) => {
        const size = feed.shape[axis]!;
        if (!Number.isInteger(size) || size < 0) {
          throw new Error(`${what}: input "${name}" has shape ${formatShape(feed.shape)}; dim ${axis} is not a size`);
        }
        if (typeof dim === "number") {
          if (size !== dim) {
            throw new Error(`${what}: input "${name}" has shape ${formatShape(feed.shape)}; expected ${formatShape(tensor.shape)} (dim ${axis} must be ${dim})`);
          }
          return;
        }
        const bound = bindings.get(dim);
        if (bound === undefined) bindings.set(dim, { size, input: name });
        else if (bound.size !== size) {
          throw new Error(
            `${what}: input "${name}" has shape ${formatShape(feed.shape)}; expected ${formatShape(tensor.shape)}, ` +
              `where ${dim} is ${bound.size} from input "${bound.input}"`,
          );
        }
      });

      const size = feed.shape.reduce((a, b) => a * b, 1);
      if (feed.data.length !== size) {
        throw new Error(`${what}: input "${name}" has ${feed.data.length} values; shape ${formatShape(feed.shape)} needs ${size}`);
      }
    }
    return bindings;
  }

  /** Compares what onnxruntime returned with the shape the engine inferred while building. */
  private checkOutput(name: string, value: TensorData, bindings: Map<string, { size: number; input: string }>): void {
    const tensor = this.graph.outputs[name]!;
    const matches =
      value.dtype === tensor.dtype &&
      value.shape.length === tensor.rank &&
      tensor.shape.every((dim, axis) => {
        const size = typeof dim === "number" ? dim : bindings.get(dim)?.size;
        return size === undefined || size === value.shape[axis];
      });
    if (!matches) {
      throw new Error(
        `Session.run on graph "${this.graph.name}": output "${name}" came back as ${value.dtype} ${formatShape(value.shape)}, ` +
          `but the graph was built for ${tensor.dtype} ${formatShape(tensor.shape)}; an op's shape inference is wrong`,
      );
    }
  }
}

function inputName(tensor: Tensor): string {
  if (tensor.source.kind !== "input") throw new Error(`${tensor.describe()} is not a graph input`);
  return tensor.source.name;
}
