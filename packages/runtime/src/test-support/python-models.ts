// model.py sources for Python-backend tests (add_sub I/O).

/** add_sub that also: raises when INPUT0[0] < 0, answers a TritonError when it is 99, sleeps when it is 7,
 * prints on every path (Python and C level), records initialize's args and marks finalize. */
export const TRICKY_MODEL_PY = `
import json, os, sys, time
import triton_python_backend_utils as pb_utils

class TritonPythonModel:
    def initialize(self, args):
        self.args = args
        self.repo = args["model_repository"]
        with open(os.path.join(self.repo, "args.json"), "w") as f:
            json.dump(args, f)
        print("initialize says hello on stdout")
        os.write(1, b"raw bytes on fd 1\\n")

    def execute(self, requests):
        responses = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            print("execute prints", a, b)
            sys.stdout.flush()
            if a[0] < 0:
                raise ValueError("negative input is not allowed")
            if a[0] == 99:
                responses.append(pb_utils.InferenceResponse(error=pb_utils.TritonError("99 is a reserved value")))
                continue
            if a[0] == 7:
                open(os.path.join(self.repo, "executing"), "w").close()
                time.sleep(30)
            responses.append(pb_utils.InferenceResponse(output_tensors=[
                pb_utils.Tensor("OUTPUT0", (a + b).astype(pb_utils.triton_string_to_numpy("TYPE_FP32"))),
                pb_utils.Tensor("OUTPUT1", (a - b).astype("float32")),
            ]))
        return responses

    def finalize(self):
        with open(os.path.join(self.repo, "finalized"), "w") as f:
            f.write(str(os.getpid()))
`;

export const PID_MODEL_PY = `
import os
import numpy as np
import triton_python_backend_utils as pb_utils

class TritonPythonModel:
    def execute(self, requests):
        pid = float(os.getpid())
        return [pb_utils.InferenceResponse(output_tensors=[
            pb_utils.Tensor("OUTPUT0", np.full(4, pid, dtype=np.float32)),
            pb_utils.Tensor("OUTPUT1", np.zeros(4, dtype=np.float32)),
        ]) for _ in requests]
`;

export const BROKEN_INITIALIZE_PY = `
class TritonPythonModel:
    def initialize(self, args):
        raise RuntimeError("cannot find weights.bin")
`;

/** TYPE_STRING in, TYPE_STRING out (upper-cased), and the input's numpy dtype kind echoed. */
export const STRINGS_MODEL_PY = `
import numpy as np
import triton_python_backend_utils as pb_utils

class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            text = pb_utils.get_input_tensor_by_name(request, "TEXT").as_numpy()
            upper = np.array([t.decode("utf-8").upper().encode("utf-8") for t in text.reshape(-1)], dtype=np.object_)
            responses.append(pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("UPPER", upper.reshape(text.shape))]))
        return responses
`;

export const STRINGS_CONFIG = `name: "strings"
backend: "python"
max_batch_size: 0
input [ { name: "TEXT" data_type: TYPE_STRING dims: [ -1 ] } ]
output [ { name: "UPPER" data_type: TYPE_STRING dims: [ -1 ] } ]
`;
