// config.pbtxt text (protobuf text format, as Triton reads it) for the models this project writes: the
// model registry's and the runtime's warm-up model. parse-model-config.ts reads it back.

export interface TensorSpec {
  name: string;
  dataType: string;
  dims: number[];
}

export interface ConfigSpec {
  name: string;
  platform?: string;
  backend?: string;
  maxBatchSize: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  instanceCount?: number;
}

function tensorBlock(kind: "input" | "output", tensors: TensorSpec[]): string {
  const entries = tensors.map(
    (t) =>
      `  {\n    name: "${t.name}"\n    data_type: ${t.dataType}\n    dims: [ ${t.dims.join(", ")} ]\n  }`,
  );
  return `${kind} [\n${entries.join(",\n")}\n]\n`;
}

export function modelConfigText(spec: ConfigSpec): string {
  let text = `name: "${spec.name}"\n`;
  if (spec.platform) text += `platform: "${spec.platform}"\n`;
  if (spec.backend) text += `backend: "${spec.backend}"\n`;
  text += `max_batch_size: ${spec.maxBatchSize}\n`;
  text += tensorBlock("input", spec.inputs);
  text += tensorBlock("output", spec.outputs);
  text += `instance_group [\n  {\n    count: ${spec.instanceCount ?? 1}\n    kind: KIND_CPU\n  }\n]\n`;
  return text;
}
