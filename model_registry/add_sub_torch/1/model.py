"""add_sub_torch: a Triton Python-backend model that runs a torch.nn.Module.

OUTPUT0 = INPUT0 + INPUT1 and OUTPUT1 = INPUT0 - INPUT1, FP32 tensors of shape [4], computed by torch on
the instance's device (the GPU when Triton gives the instance one and torch has CUDA, else the CPU).
Runs unchanged under NVIDIA Triton's Python backend and under mme's embedded runtime.
"""

import json

import torch

import triton_python_backend_utils as pb_utils


class AddSub(torch.nn.Module):
    def forward(self, a, b):
        return a + b, a - b


class TritonPythonModel:
    def initialize(self, args):
        model_config = json.loads(args["model_config"])
        on_gpu = args["model_instance_kind"] == "GPU" and torch.cuda.is_available()
        self.device = torch.device("cuda", int(args["model_instance_device_id"])) if on_gpu else torch.device("cpu")
        self.module = torch.jit.script(AddSub()).to(self.device).eval()
        self.output_dtypes = [
            pb_utils.triton_string_to_numpy(pb_utils.get_output_config_by_name(model_config, name)["data_type"])
            for name in ("OUTPUT0", "OUTPUT1")
        ]

    def execute(self, requests):
        responses = []
        for request in requests:
            a, b = (
                torch.from_numpy(pb_utils.get_input_tensor_by_name(request, name).as_numpy().copy()).to(self.device)
                for name in ("INPUT0", "INPUT1")
            )
            with torch.inference_mode():
                total, difference = self.module(a, b)
            responses.append(
                pb_utils.InferenceResponse(
                    output_tensors=[
                        pb_utils.Tensor("OUTPUT0", total.cpu().numpy().astype(self.output_dtypes[0])),
                        pb_utils.Tensor("OUTPUT1", difference.cpu().numpy().astype(self.output_dtypes[1])),
                    ]
                )
            )
        return responses
