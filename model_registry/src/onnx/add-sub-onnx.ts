import { OnnxGraphBuilder } from "./graph-builder.js";

export interface AddSubOnnxOptions {
  /** Element count of each input (the canonical add_sub uses 4). */
  size?: number;
  /** Recorded in the model's doc string, so fleet variants differ byte-wise (the graph has no weights). */
  variant?: string;
}

/** OUTPUT0 = INPUT0 + INPUT1, OUTPUT1 = INPUT0 - INPUT1, FP32 [size]. */
export function buildAddSubOnnx(options: AddSubOnnxOptions = {}): Uint8Array {
  const size = options.size ?? 4;
  const graph = new OnnxGraphBuilder("add_sub");
  graph.input("INPUT0", "FLOAT", [size]);
  graph.input("INPUT1", "FLOAT", [size]);
  graph.node("Add", ["INPUT0", "INPUT1"], {}, ["OUTPUT0"]);
  graph.node("Sub", ["INPUT0", "INPUT1"], {}, ["OUTPUT1"]);
  graph.output("OUTPUT0", "FLOAT", [size]);
  graph.output("OUTPUT1", "FLOAT", [size]);
  return graph.toBytes(options.variant ? `add_sub variant ${options.variant}` : "add_sub");
}
