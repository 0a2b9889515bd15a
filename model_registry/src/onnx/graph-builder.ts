// A minimal ONNX graph builder over onnx-proto's generated protobuf classes.
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 8;

export type OnnxElementType = "FLOAT" | "INT64";

/** A dimension: a fixed size, or a symbolic name (e.g. "batch") for a free one. */
export type OnnxDim = number | string;

type AttributeValue = number | number[] | string;

function valueInfo(name: string, elementType: OnnxElementType, dims: OnnxDim[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType[elementType],
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue) {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === "string")
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (Number.isInteger(value)) return { name, type: AttributeType.INT, i: value };
  return { name, type: AttributeType.FLOAT, f: value };
}

export class OnnxGraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;

  constructor(private readonly graphName: string) {}

  input(name: string, elementType: OnnxElementType, dims: OnnxDim[]): string {
    this.inputs.push(valueInfo(name, elementType, dims));
    return name;
  }

  output(name: string, elementType: OnnxElementType, dims: OnnxDim[]): void {
    this.outputs.push(valueInfo(name, elementType, dims));
  }

  /** Adds an FP32 constant; the values are stored as little-endian raw bytes. */
  weight(prefix: string, dims: number[], values: Float32Array): string {
    const name = `${prefix}_${this.counter++}`;
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
    return name;
  }

  /** Adds a node; returns its output names (named `<op>_<n>` unless given). */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    outputs: string[] = [`${opType.toLowerCase()}_${this.counter++}`],
  ): string[] {
    this.nodes.push({
      opType,
      input: inputs,
      output: outputs,
      name: `${opType}_${this.nodes.length}`,
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  toBytes(docString = ""): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      producerName: "mme-model-registry",
      producerVersion: "1",
      docString,
      opsetImport: [{ domain: "", version: ONNX_OPSET }],
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
