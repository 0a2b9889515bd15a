"""add_sub: the canonical Triton Python-backend model.

OUTPUT0 = INPUT0 + INPUT1 and OUTPUT1 = INPUT0 - INPUT1, FP32 tensors of shape [4].
Runs unchanged under NVIDIA Triton's Python backend and under mme's embedded runtime.
"""

import json

# Provided by Triton's Python backend (and by mme's runtime) at load time; not a pip package.
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    """Triton looks up this exact class name in model.py."""

    def initialize(self, args):
        """Called once when the model loads; args["model_config"] is the config as a JSON string."""
        self.model_config = model_config = json.loads(args["model_config"])

        output0_config = pb_utils.get_output_config_by_name(model_config, "OUTPUT0")
        output1_config = pb_utils.get_output_config_by_name(model_config, "OUTPUT1")

        self.output0_dtype = pb_utils.triton_string_to_numpy(output0_config["data_type"])
        self.output1_dtype = pb_utils.triton_string_to_numpy(output1_config["data_type"])

    def execute(self, requests):
        """Returns exactly one InferenceResponse per request, in the same order."""
        output0_dtype = self.output0_dtype
        output1_dtype = self.output1_dtype

        responses = []
        for request in requests:
            in_0 = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            in_1 = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()

            out_tensor_0 = pb_utils.Tensor("OUTPUT0", (in_0 + in_1).astype(output0_dtype))
            out_tensor_1 = pb_utils.Tensor("OUTPUT1", (in_0 - in_1).astype(output1_dtype))

            responses.append(pb_utils.InferenceResponse(output_tensors=[out_tensor_0, out_tensor_1]))
        return responses

    def finalize(self):
        """Called once when the model unloads."""
        print("Cleaning up...")
