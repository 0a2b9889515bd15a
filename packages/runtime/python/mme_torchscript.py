"""TorchScript (`platform: "pytorch_libtorch"`) models for @mme/runtime, as Triton's PyTorch backend runs them.

Follows triton-inference-server/pytorch_backend src/libtorch.cc:
- inputs map to forward() arguments by argument name (FORWARD_ARGUMENT) when every config input names
  one, else by the `<name>__<index>` suffix (NAMED_INDEX), else by config order (STRICT_CONFIG_ORDERING);
  a forward() taking one Dict[str, Tensor] gets the inputs keyed by config name;
- outputs by `<name>__<index>` when every config output follows it, else by config order;
- config datatypes must be ones torch has (BOOL, UINT8, INT8..INT64, FP16, FP32, FP64; STRING as List[str]);
- the forward() argument count must equal the config's input count;
- each output's dtype must equal the config's; scalars are refused;
- parameters DISABLE_OPTIMIZED_EXECUTION, INFERENCE_MODE, ENABLE_JIT_PROFILING, ENABLE_JIT_EXECUTOR,
  ENABLE_TENSOR_FUSER, ENABLE_CACHE_CLEANING, INTRA_OP_THREAD_COUNT, INTER_OP_THREAD_COUNT.
"""

import json
import os
import sys

import numpy as np

import triton_python_backend_utils as pb_utils

TORCH_INSTALL_HINT = "sudo apt-get install python3-torch python3-torchvision"

# Config datatype -> torch dtype name (libtorch_utils.cc ModelConfigDataTypeToTorchType).
CONFIG_TO_TORCH = {
    "TYPE_BOOL": "bool",
    "TYPE_UINT8": "uint8",
    "TYPE_INT8": "int8",
    "TYPE_INT16": "int16",
    "TYPE_INT32": "int32",
    "TYPE_INT64": "int64",
    "TYPE_FP16": "float16",
    "TYPE_FP32": "float32",
    "TYPE_FP64": "float64",
}

BOOL_TRUE = ("true", "on", "1")
BOOL_FALSE = ("false", "off", "0")


def prefer_passive_openmp():
    """torch's CPU kernels run on OpenMP, whose idle threads spin by default; on a shared or oversubscribed
    machine every parallel region then waits a scheduler slice for a spinning sibling (a ResNet-50 has
    hundreds). Passive waiting, the counterpart of the ONNX sessions' intra-op spinning off, unless the
    environment says otherwise. Must run before torch is imported (libgomp reads it once, at load)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def import_torch():
    try:
        import torch
    except ImportError as error:
        raise pb_utils.TritonModelException(
            f"TorchScript models need PyTorch, but `import torch` failed in {sys.executable} ({error}); "
            f"install it with: {TORCH_INSTALL_HINT} (or point MME_PYTHON at an interpreter that has torch)"
        ) from None
    return torch


def index_suffix(name):
    """The integer after the first `__`, or None when the name does not follow `<name>__<index>`."""
    position = name.find("__")
    if position == -1:
        return None
    digits = name[position + 2 :]
    return int(digits) if digits.isdigit() else (0 if digits == "" else None)


def parse_bool(parameters, key, default):
    if key not in parameters:
        return default
    value = parameters[key]
    if value.lower() in BOOL_TRUE:
        return True
    if value.lower() in BOOL_FALSE:
        return False
    raise pb_utils.TritonModelException(f"failed to convert '{value}' to boolean value (parameter {key})")


def parse_count(parameters, key, default):
    if key not in parameters:
        return default
    value = parameters[key]
    if not value.isdigit() or int(value) < 1:
        raise pb_utils.TritonModelException(f"parameter {key} must be a positive integer, got '{value}'")
    return int(value)


def available_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class TorchScriptHost:
    def __init__(self, header):
        torch = import_torch()
        self.torch = torch
        args = header["args"]
        config = json.loads(args["model_config"])
        self.model_name = config.get("name") or args.get("model_name", "")
        self.max_batch_size = config.get("max_batch_size", 0)
        parameters = {k: v.get("string_value", "") for k, v in config.get("parameters", {}).items()}
        self.optimized = not parse_bool(parameters, "DISABLE_OPTIMIZED_EXECUTION", False)
        self.inference_mode = parse_bool(parameters, "INFERENCE_MODE", True)
        self.cache_cleaning = parse_bool(parameters, "ENABLE_CACHE_CLEANING", False)
        self.jit_profiling = parse_bool(parameters, "ENABLE_JIT_PROFILING", None)
        self.jit_executor = parse_bool(parameters, "ENABLE_JIT_EXECUTOR", None)
        self.tensor_fuser = parse_bool(parameters, "ENABLE_TENSOR_FUSER", None)
        parse_bool(parameters, "ENABLE_WEIGHT_SHARING", False)  # one process per instance: nothing to share
        instances = max(1, sum(g.get("count", 1) for g in config.get("instance_group", [])) or 1)
        torch.set_num_threads(parse_count(parameters, "INTRA_OP_THREAD_COUNT", max(1, available_cpus() // instances)))
        torch.set_num_interop_threads(parse_count(parameters, "INTER_OP_THREAD_COUNT", 1))

        self.device = self.pick_device(args)
        try:
            self.model = torch.jit.load(header["model_file"], map_location=self.device)
        except Exception as error:  # a corrupt or non-TorchScript file
            raise pb_utils.TritonModelException(f"failed to load model '{self.model_name}': {first_line(error)}") from None
        self.model.eval()
        self.inputs = config.get("input", [])
        self.outputs = config.get("output", [])
        self.input_index, self.dict_input = self.map_inputs()
        self.output_index, self.output_types = self.map_outputs()

    def pick_device(self, args):
        torch = self.torch
        if args.get("model_instance_kind") == "GPU":
            if torch.cuda.is_available():
                return torch.device("cuda", int(args.get("model_instance_device_id") or 0))
            print(f"{self.model_name}: a GPU is present but this torch has no CUDA; running on CPU", file=sys.stderr)
        return torch.device("cpu")

    def map_inputs(self):
        schema = self.model.forward.schema
        arguments = list(schema.arguments)
        if arguments and arguments[0].type.kind() == "ClassType":
            arguments = arguments[1:]
        if len(arguments) == 1 and arguments[0].type.kind() == "DictType":
            self.check_datatypes(self.inputs, "input")
            return {i["name"]: n for n, i in enumerate(self.inputs)}, True
        for argument in arguments[1:]:
            if argument.type.kind() == "DictType":
                raise pb_utils.TritonModelException(
                    "Multiple inputs of kind DictType were detected. Only a single input of type Dict(str, Tensor) is supported."
                )
        for argument in arguments:
            if argument.type.kind() not in ("TensorType", "ListType"):
                raise pb_utils.TritonModelException(
                    f"An input of type '{argument.type}' was detected in the model. Only a single input of type "
                    "Dict(str, Tensor) or input(s) of type Tensor are supported."
                )
        allowed = [a.name for a in arguments]
        if len(allowed) != len(self.inputs):
            raise pb_utils.TritonModelException(
                f"unable to load model '{self.model_name}', configuration expects {len(self.inputs)} inputs, "
                f"model provides {len(allowed)}"
            )
        if not self.inputs:
            raise pb_utils.TritonModelException("model configuration must contain at least one input, none were specified.")
        self.check_datatypes(self.inputs, "input")
        names = [i["name"] for i in self.inputs]
        if all(n in allowed for n in names):
            return {n: allowed.index(n) for n in names}, False
        if all(index_suffix(n) is not None for n in names):
            return {n: index_suffix(n) for n in names}, False
        return {n: position for position, n in enumerate(names)}, False

    def map_outputs(self):
        if not self.outputs:
            raise pb_utils.TritonModelException("model configuration must contain at least one output, none were specified.")
        self.check_datatypes(self.outputs, "output")
        names = [o["name"] for o in self.outputs]
        if all(index_suffix(n) is not None for n in names):
            index = {n: index_suffix(n) for n in names}
        else:
            index = {n: position for position, n in enumerate(names)}
        return index, {o["name"]: o["data_type"] for o in self.outputs}

    def check_datatypes(self, tensors, kind):
        batched = 1 if self.max_batch_size > 0 else 0
        for t in tensors:
            data_type = t["data_type"]
            if data_type != "TYPE_STRING" and data_type not in CONFIG_TO_TORCH:
                raise pb_utils.TritonModelException(
                    f"unsupported datatype {data_type} for {kind} '{t['name']}' for model '{self.model_name}'"
                )
            dims = (t.get("reshape") or {}).get("shape", t.get("dims", []))
            if data_type == "TYPE_STRING" and len(dims) + batched > 1:
                raise pb_utils.TritonModelException(
                    f"Triton only supports 1 dimensional List of String as {kind} for '{t['name']}' for model "
                    f"'{self.model_name}'"
                )

    def to_argument(self, tensor):
        array = tensor.as_numpy()
        if array.dtype == np.object_:
            return [v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else str(v) for v in array.reshape(-1)]
        # A copy: the request's bytes are read-only, and torch wants a writable, contiguous buffer.
        return self.torch.from_numpy(np.array(array, copy=True)).to(self.device)

    def execute(self, inputs, requested_outputs, request_id):
        torch = self.torch
        by_name = {t.name(): t for t in inputs}
        if self.dict_input:
            arguments = [{name: self.to_argument(by_name[name]) for name in self.input_index if name in by_name}]
        else:
            arguments = [None] * len(self.input_index)
            for name, index in self.input_index.items():
                if name in by_name:
                    arguments[index] = self.to_argument(by_name[name])
        try:
            results = self.run(arguments)
        except Exception as error:
            return None, f"PyTorch execute failure: {first_line(error)}"
        finally:
            if self.cache_cleaning and self.device.type == "cuda":
                torch.cuda.empty_cache()
        wanted = set(requested_outputs)
        outputs = []
        for name in (o["name"] for o in self.outputs):
            index = self.output_index[name]
            if index < 0 or index >= len(results):
                return None, (
                    f"The output {name} in the model configuration refers to an output index which doesn't exist. "
                    f"This model has {len(results)} outputs"
                )
            tensor, error = self.to_output(name, results[index])
            if error is not None:
                return None, error
            outputs.append(tensor)
        # Every output is checked, as Triton's ReadOutputTensors does, before the request's selection applies.
        return [t for t in outputs if not wanted or t.name() in wanted], None

    def run(self, arguments):
        torch = self.torch
        torch._C._set_graph_executor_optimize(self.optimized)
        if self.jit_profiling is not None:
            torch._C._jit_set_profiling_mode(self.jit_profiling)
        if self.jit_executor is not None:
            torch._C._jit_set_profiling_executor(self.jit_executor)
        if self.tensor_fuser is not None:
            torch._C._jit_set_texpr_fuser_enabled(self.tensor_fuser)
        with torch.inference_mode(self.inference_mode), torch.no_grad():
            result = self.model(*arguments)
        if isinstance(result, tuple):
            for position, item in enumerate(result):
                if isinstance(item, list) and not all(isinstance(s, str) for s in item):
                    raise TypeError(f"output at index {position} must be of type Tensor or List[str]")
            return list(result)
        if isinstance(result, torch.Tensor) or (isinstance(result, list) and all(isinstance(s, str) for s in result)):
            return [result]
        raise TypeError(
            "output must be of type Tensor, List[str] or Tuple containing one of these two types. "
            "It should not be a List / Dictionary of Tensors or a Scalar"
        )

    def to_output(self, name, value):
        expected = self.output_types[name]
        if isinstance(value, list):
            if expected != "TYPE_STRING":
                return None, f"configuration expects datatype {expected} for output '{name}', model provides List[str]"
            return pb_utils.Tensor(name, np.array([s.encode("utf-8", "surrogateescape") for s in value], dtype=np.object_)), None
        provided = torch_type_name(value.dtype)
        if CONFIG_TO_TORCH.get(expected) != provided:
            shown = next((k for k, v in CONFIG_TO_TORCH.items() if v == provided), str(value.dtype))
            return None, f"configuration expects datatype {expected} for output '{name}', model provides {shown}"
        if value.dim() == 0:
            return None, f"output '{name}' is a scalar which is not supported."
        return pb_utils.Tensor(name, value.detach().contiguous().cpu().numpy()), None

    def finalize(self):
        self.model = None
        if self.device.type == "cuda":
            self.torch.cuda.empty_cache()


def torch_type_name(dtype):
    return str(dtype).replace("torch.", "")


def first_line(error):
    """What went wrong, in one line. A TorchScript interpreter error is a serialized traceback whose
    last line names the failure (e.g. "RuntimeError: Given groups=1, ..."); other errors say it first."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    if lines[0].startswith("The following operation failed in the TorchScript interpreter"):
        return lines[-1]
    return lines[0]
