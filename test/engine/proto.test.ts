// The ONNX schema subset: field numbers read back from the wire bytes by a reader independent of
// protobufjs, an encoded model computing known numbers in onnxruntime, and an encode/decode round trip.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as ort from "onnxruntime-node";
import * as E from "../../lib/engine/index";
import { ModelProto } from "../../lib/engine/onnx-proto";
import { runOnce, SESSION_OPTIONS } from "./helpers";

/** One protobuf field as it lies on the wire: varints as bigint, length-delimited fields as bytes. */
interface WireField {
  field: number;
  wireType: number;
  value: bigint | Uint8Array;
}

/** Reads the top level of a protobuf message (wire types 0 varint, 1 fixed64, 2 bytes, 5 fixed32). */
function readWire(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (wireType === 0) fields.push({ field, wireType, value: varint() });
    else if (wireType === 2) {
      const length = Number(varint());
      fields.push({ field, wireType, value: bytes.subarray(at, at + length) });
      at += length;
    } else if (wireType === 1 || wireType === 5) {
      const width = wireType === 1 ? 8 : 4;
      fields.push({ field, wireType, value: bytes.subarray(at, at + width) });
      at += width;
    } else throw new Error(`wire type ${wireType} at byte ${at}`);
  }
  return fields;
}

function only(fields: WireField[], field: number): WireField {
  const matches = fields.filter((f) => f.field === field);
  assert.equal(matches.length, 1, `expected one field ${field}, found ${matches.length}`);
  return matches[0]!;
}

function message(fields: WireField[], field: number): WireField[] {
  return readWire(only(fields, field).value as Uint8Array);
}

function text(fields: WireField[], field: number): string {
  return new TextDecoder().decode(only(fields, field).value as Uint8Array);
}

function varintOf(fields: WireField[], field: number): number {
  return Number(only(fields, field).value as bigint);
}

test("field numbers on the wire", () => {
  const x = E.input("x", "float32", ["batch", 3]);
  const weights = E.initializer("w", { dtype: "float32", shape: [3], data: Float32Array.of(1, 2, 3) });
  const y = E.softmax(E.mul(x, weights), 1);
  const model = readWire(E.encodeModel(new E.Graph({ y }, { name: "g" })));

  // ModelProto: ir_version 1, graph 7, opset_import 8 (OperatorSetIdProto: domain 1, version 2).
  assert.equal(varintOf(model, 1), 8);
  const opset = message(model, 8);
  assert.equal(varintOf(opset, 2), 18);
  assert.equal(text(opset, 1), "");

  // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
  const graph = message(model, 7);
  assert.equal(text(graph, 2), "g");
  const nodes = graph.filter((f) => f.field === 1).map((f) => readWire(f.value as Uint8Array));
  // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
  const softmax = nodes.find((node) => text(node, 4) === "Softmax")!;
  assert.equal(text(softmax, 2), "y");
  // AttributeProto: name 1, i 3, type 20 (INT = 2).
  const axis = message(softmax, 5);
  assert.equal(text(axis, 1), "axis");
  assert.equal(varintOf(axis, 3), 1);
  assert.equal(varintOf(axis, 20), 2);

  // TensorProto: dims 1, data_type 2 (FLOAT = 1), name 8, raw_data 9.
  const initializer = message(graph, 5);
  assert.equal(text(initializer, 8), "w");
  assert.equal(varintOf(initializer, 1), 3);
  assert.equal(varintOf(initializer, 2), 1);
  assert.deepEqual([...new Float32Array(Uint8Array.from(only(initializer, 9).value as Uint8Array).buffer)], [1, 2, 3]);

  // ValueInfoProto: name 1, type 2; TypeProto.tensor_type 1; Tensor: elem_type 1, shape 2;
  // TensorShapeProto.dim 1; Dimension: dim_value 1, dim_param 2.
  const graphInput = message(graph, 11);
  assert.equal(text(graphInput, 1), "x");
  const tensorType = message(message(graphInput, 2), 1);
  assert.equal(varintOf(tensorType, 1), 1);
  const dims = message(tensorType, 2)
    .filter((f) => f.field === 1)
    .map((f) => readWire(f.value as Uint8Array));
  assert.equal(text(dims[0]!, 2), "batch");
  assert.equal(varintOf(dims[1]!, 1), 3);
  assert.equal(text(message(graph, 12), 1), "y");
});

test("constant tensor attribute and dtype codes", () => {
  const y = E.add(E.input("a", "float64", [2]), E.constant({ dtype: "float64", shape: [2], data: Float64Array.of(0.5, -1) }));
  const graph = message(readWire(E.encodeModel(new E.Graph({ y }))), 7);
  const nodes = graph.filter((f) => f.field === 1).map((f) => readWire(f.value as Uint8Array));
  const constant = nodes.find((node) => text(node, 4) === "Constant")!;
  // AttributeProto: t 5, type 20 (TENSOR = 4); TensorProto data_type DOUBLE = 11.
  const attribute = message(constant, 5);
  assert.equal(text(attribute, 1), "value");
  assert.equal(varintOf(attribute, 20), 4);
  const tensor = message(attribute, 5);
  assert.equal(varintOf(tensor, 2), 11);
  assert.deepEqual([...new Float64Array(Uint8Array.from(only(tensor, 9).value as Uint8Array).buffer)], [0.5, -1]);
});

test("hand-written model runs in onnxruntime", async () => {
  // Every attribute kind the engine writes, plus float: y = LeakyRelu(Transpose(x) * 2, alpha 0.1),
  // z = Cast(y, DOUBLE), written straight through protobufjs without the graph builder.
  const model = {
    ir_version: 8,
    opset_import: [{ domain: "", version: 18 }],
    graph: {
      name: "hand",
      node: [
        { op_type: "Transpose", input: ["x"], output: ["t"], attribute: [{ name: "perm", type: 7, ints: [1, 0] }] },
        {
          op_type: "Constant",
          output: ["two"],
          attribute: [{ name: "value", type: 4, t: { dims: [], data_type: 1, raw_data: new Uint8Array(Float32Array.of(2).buffer) } }],
        },
        { op_type: "Mul", input: ["t", "two"], output: ["m"] },
        { op_type: "LeakyRelu", input: ["m"], output: ["y"], attribute: [{ name: "alpha", type: 1, f: 0.1 }] },
        { op_type: "Cast", input: ["y"], output: ["z"], attribute: [{ name: "to", type: 2, i: 11 }] },
      ],
      input: [{ name: "x", type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 2 }, { dim_param: "n" }] } } } }],
      output: [{ name: "z", type: { tensor_type: { elem_type: 11 } } }],
    },
  };
  const bytes = ModelProto.encode(ModelProto.fromObject(model)).finish();
  const session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  try {
    const x = new ort.Tensor("float32", Float32Array.of(1, -2, 3, -4, 5, -6), [2, 3]);
    const { z } = await session.run({ x });
    assert.equal(z!.type, "float64");
    assert.deepEqual(z!.dims, [3, 2]);
    // Transpose of [[1, -2, 3], [-4, 5, -6]] is [[1, -4], [-2, 5], [3, -6]]; doubled, negatives × 0.1.
    const expected = [2, -0.8, -0.4, 10, 6, -1.2];
    [...(z!.data as Float64Array)].forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-6, `z[${i}] = ${value}, expected ${expected[i]}`));
  } finally {
    await session.release();
  }
});

test("encoded engine model computes", async () => {
  // y = x @ w + b with w an initializer: [[1, 2], [3, 4]] @ [[1, 0], [0, 2]] + [0.5, -0.5].
  const x = E.input("x", "float32", [2, 2]);
  const w = E.initializer("w", { dtype: "float32", shape: [2, 2], data: Float32Array.of(1, 0, 0, 2) });
  const b = E.initializer("b", { dtype: "float32", shape: [2], data: Float32Array.of(0.5, -0.5) });
  const out = await runOnce({ y: E.add(E.matmul(x, w), b) }, { x: { dtype: "float32", shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) } });
  assert.deepEqual([...out.y!.data], [1.5, 3.5, 3.5, 7.5]);
});

test("encode decode round trip", () => {
  const x = E.input("x", "float64", ["batch", 4]);
  const w = E.input("w", "float64", [4, 3]);
  const table = E.initializer("table", { dtype: "int64", shape: [2], data: BigInt64Array.of(7n, -9007199254740993n) });
  const y = E.softmax(E.reshape(E.matmul(x, w), [-1, 3]));
  const graph = E.grad(new E.Graph({ y, shifted: E.add(table, 1) }, { name: "round_trip" }), [w], { of: ["y"] });

  const bytes = E.encodeModel(graph, { docString: "round trip" });
  const decoded = E.decodeModel(bytes);
  const again = ModelProto.encode(ModelProto.fromObject(decoded)).finish();
  assert.deepEqual(Buffer.from(again), Buffer.from(bytes));

  const original = E.toModelObject(graph, { docString: "round trip" });
  const graphObject = decoded.graph as { name: string; node: { op_type: string }[]; input: { name: string }[]; output: { name: string }[]; initializer: { name: string; raw_data: Uint8Array }[] };
  const originalGraph = original.graph as typeof graphObject;
  assert.equal(decoded.ir_version, 8);
  assert.equal(decoded.doc_string, "round trip");
  assert.equal(graphObject.name, "round_trip_grad");
  assert.deepEqual(graphObject.node.map((n) => n.op_type), originalGraph.node.map((n) => n.op_type));
  assert.deepEqual(graphObject.input.map((v) => v.name), ["x", "w"]);
  assert.deepEqual(graphObject.output.map((v) => v.name), ["y", "shifted", "grad_w"]);
  // An int64 beyond 2^53 survives because tensor data travels as raw bytes.
  const raw = Uint8Array.from(graphObject.initializer[0]!.raw_data);
  assert.deepEqual([...new BigInt64Array(raw.buffer)], [7n, -9007199254740993n]);
});
