// add_sub_ensemble: a Triton ensemble of the registry's two add_sub models, as one SageMaker tarball
// holds it (the ensemble folder beside its step folders). add_sub_onnx gives SUM and DIFF, the Python
// add_sub adds and subtracts those: OUTPUT0 = 2 × INPUT0, OUTPUT1 = 2 × INPUT1.
import { addSubOnnxModel, addSubPythonModel } from "./catalog.js";
import { type ModelFiles, writeModelFolder } from "./model-folder.js";

export const ADD_SUB_ENSEMBLE_NAME = "add_sub_ensemble";

const io = (name: string) => `  { name: "${name}" data_type: TYPE_FP32 dims: [ 4 ] }`;
const map = (kind: "input_map" | "output_map", key: string, value: string) =>
  `      ${kind} { key: "${key}" value: "${value}" }`;

export const ADD_SUB_ENSEMBLE_CONFIG = `name: "${ADD_SUB_ENSEMBLE_NAME}"
platform: "ensemble"
max_batch_size: 0
input [
${io("INPUT0")},
${io("INPUT1")}
]
output [
${io("OUTPUT0")},
${io("OUTPUT1")}
]
ensemble_scheduling {
  step [
    {
      model_name: "add_sub_onnx"
      model_version: -1
${map("input_map", "INPUT0", "INPUT0")}
${map("input_map", "INPUT1", "INPUT1")}
${map("output_map", "OUTPUT0", "SUM")}
${map("output_map", "OUTPUT1", "DIFF")}
    },
    {
      model_name: "add_sub"
      model_version: -1
${map("input_map", "INPUT0", "SUM")}
${map("input_map", "INPUT1", "DIFF")}
${map("output_map", "OUTPUT0", "OUTPUT0")}
${map("output_map", "OUTPUT1", "OUTPUT1")}
    }
  ]
}
`;

/** The three model folders; Triton needs a version folder for the ensemble too (empty). */
export async function addSubEnsembleModels(): Promise<ModelFiles[]> {
  return [
    { name: ADD_SUB_ENSEMBLE_NAME, files: { "config.pbtxt": ADD_SUB_ENSEMBLE_CONFIG, "1/.keep": "" } },
    addSubOnnxModel(),
    await addSubPythonModel(),
  ];
}

/** Writes the ensemble repository into `repositoryDir` (what SageMaker extracts a tarball into); returns it. */
export async function writeAddSubEnsemble(repositoryDir: string): Promise<string> {
  for (const model of await addSubEnsembleModels()) await writeModelFolder(repositoryDir, model);
  return repositoryDir;
}
