// ResNet (bottleneck) image classifiers with deterministic pseudo-random weights, batch norm folded into
// conv biases. RESNET50 is the ResNet-50 v1.5 topology (stride on the 3x3 conv of each bottleneck).
import { SeededRandom } from "../seeded-random.js";
import { OnnxGraphBuilder } from "./graph-builder.js";

export interface ResNetSpec {
  stemWidth: number;
  /** Bottleneck blocks per stage. */
  stageBlocks: number[];
  /** Bottleneck inner width per stage; the block output is width × expansion. */
  stageWidths: number[];
  expansion: number;
  classes: number;
}

export const RESNET50_SPEC: ResNetSpec = {
  stemWidth: 64,
  stageBlocks: [3, 4, 6, 3],
  stageWidths: [64, 128, 256, 512],
  expansion: 4,
  classes: 1000,
};

/** Same I/O as ResNet-50 (FP32 [N,3,224,224] → [N,1000]), a few hundred KB of weights: for fast tests. */
export const SMALL_IMAGE_SPEC: ResNetSpec = {
  stemWidth: 8,
  stageBlocks: [1, 1],
  stageWidths: [4, 8],
  expansion: 4,
  classes: 1000,
};

export const IMAGE_INPUT_NAME = "INPUT__0";
export const IMAGE_OUTPUT_NAME = "OUTPUT__0";

// Residual branches are damped so activations stay in a sane range through deep stacks
// (the role a trained network's final BN gamma plays).
const RESIDUAL_BRANCH_GAIN = 0.3;
const BIAS_LIMIT = 0.05;

class ResNetWriter {
  constructor(
    private readonly graph: OnnxGraphBuilder,
    private readonly random: SeededRandom,
  ) {}

  conv(x: string, inChannels: number, outChannels: number, kernel: number, stride: number, gain = 1): string {
    const fanIn = inChannels * kernel * kernel;
    const w = this.graph.weight(
      "conv_w",
      [outChannels, inChannels, kernel, kernel],
      this.random.heUniform(outChannels * fanIn, fanIn, gain),
    );
    const b = this.graph.weight("conv_b", [outChannels], this.random.uniformArray(outChannels, BIAS_LIMIT));
    const pad = Math.floor(kernel / 2);
    return this.graph.node("Conv", [x, w, b], {
      kernel_shape: [kernel, kernel],
      strides: [stride, stride],
      pads: [pad, pad, pad, pad],
    })[0]!;
  }

  relu(x: string): string {
    return this.graph.node("Relu", [x])[0]!;
  }

  bottleneck(x: string, inChannels: number, width: number, expansion: number, stride: number): string {
    const outChannels = width * expansion;
    let y = this.relu(this.conv(x, inChannels, width, 1, 1));
    y = this.relu(this.conv(y, width, width, 3, stride));
    y = this.conv(y, width, outChannels, 1, 1, RESIDUAL_BRANCH_GAIN);
    const shortcut =
      stride !== 1 || inChannels !== outChannels ? this.conv(x, inChannels, outChannels, 1, stride) : x;
    return this.relu(this.graph.node("Add", [y, shortcut])[0]!);
  }
}

export function buildResNet(spec: ResNetSpec, seed: number, docString = ""): Uint8Array {
  const graph = new OnnxGraphBuilder("resnet");
  const writer = new ResNetWriter(graph, new SeededRandom(seed));
  graph.input(IMAGE_INPUT_NAME, "FLOAT", ["batch", 3, 224, 224]);

  let x = writer.relu(writer.conv(IMAGE_INPUT_NAME, 3, spec.stemWidth, 7, 2));
  x = graph.node("MaxPool", [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] })[0]!;
  let channels = spec.stemWidth;
  spec.stageBlocks.forEach((blocks, stage) => {
    const width = spec.stageWidths[stage]!;
    for (let block = 0; block < blocks; block++) {
      const stride = stage > 0 && block === 0 ? 2 : 1;
      x = writer.bottleneck(x, channels, width, spec.expansion, stride);
      channels = width * spec.expansion;
    }
  });
  x = graph.node("GlobalAveragePool", [x])[0]!;
  x = graph.node("Flatten", [x], { axis: 1 })[0]!;

  const random = new SeededRandom(seed ^ 0x5f3759df);
  const fcW = graph.weight(
    "fc_w",
    [spec.classes, channels],
    random.heUniform(spec.classes * channels, channels),
  );
  const fcB = graph.weight("fc_b", [spec.classes], random.uniformArray(spec.classes, BIAS_LIMIT));
  graph.node("Gemm", [x, fcW, fcB], { transB: 1 }, [IMAGE_OUTPUT_NAME]);
  graph.output(IMAGE_OUTPUT_NAME, "FLOAT", ["batch", spec.classes]);
  return graph.toBytes(docString);
}
