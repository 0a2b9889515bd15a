"""The subset of Triton's triton_python_backend_utils that Python-backend models use, for @mme/runtime.

Same names and behaviour as Triton's module for: Tensor, InferenceRequest, InferenceResponse,
TritonError (+ codes), TritonModelException, get_input_tensor_by_name, get_output_tensor_by_name,
get_input_config_by_name, get_output_config_by_name, triton_string_to_numpy, numpy_to_triton_type,
Logger. The array_* helpers below are mme's own (used by the worker).
"""

import json
import struct
import sys

import numpy as np

TRITON_STRING_TO_NUMPY = {
    "TYPE_BOOL": np.bool_,
    "TYPE_UINT8": np.uint8,
    "TYPE_UINT16": np.uint16,
    "TYPE_UINT32": np.uint32,
    "TYPE_UINT64": np.uint64,
    "TYPE_INT8": np.int8,
    "TYPE_INT16": np.int16,
    "TYPE_INT32": np.int32,
    "TYPE_INT64": np.int64,
    "TYPE_FP16": np.float16,
    "TYPE_FP32": np.float32,
    "TYPE_FP64": np.float64,
    "TYPE_STRING": np.object_,
}

KSERVE_TO_NUMPY = {
    "BOOL": np.bool_,
    "UINT8": np.uint8,
    "UINT16": np.uint16,
    "UINT32": np.uint32,
    "UINT64": np.uint64,
    "INT8": np.int8,
    "INT16": np.int16,
    "INT32": np.int32,
    "INT64": np.int64,
    "FP16": np.float16,
    "FP32": np.float32,
    "FP64": np.float64,
}
NUMPY_TO_KSERVE = {np.dtype(v): k for k, v in KSERVE_TO_NUMPY.items()}


def triton_string_to_numpy(triton_type_string):
    return TRITON_STRING_TO_NUMPY[triton_type_string]


def numpy_to_triton_type(data_type):
    dtype = np.dtype(data_type)
    if dtype.kind in ("O", "S", "U"):
        return "TYPE_STRING"
    return "TYPE_" + NUMPY_TO_KSERVE[dtype]


class TritonError(Exception):
    UNKNOWN = 0
    INTERNAL = 1
    NOT_FOUND = 2
    INVALID_ARG = 3
    UNAVAILABLE = 4
    UNSUPPORTED = 5
    ALREADY_EXISTS = 6
    CANCELLED = 7

    def __init__(self, message, code=INTERNAL):
        super().__init__(message)
        self._message = message
        self._code = code

    def message(self):
        return self._message

    def code(self):
        return self._code


class TritonModelException(Exception):
    pass


class Tensor:
    def __init__(self, name, array):
        if not isinstance(array, np.ndarray):
            raise TritonModelException(f"Tensor '{name}' needs a numpy array, got {type(array).__name__}")
        self._name = name
        self._array = array

    def name(self):
        return self._name

    def as_numpy(self):
        return self._array

    def is_cpu(self):
        return True

    def shape(self):
        return list(self._array.shape)

    @staticmethod
    def from_dlpack(name, capsule):
        return Tensor(name, np.from_dlpack(capsule))


class InferenceRequest:
    def __init__(self, inputs=None, requested_output_names=None, request_id="", correlation_id=0, parameters=None, model_name=""):
        self._inputs = list(inputs or [])
        self._requested_output_names = list(requested_output_names or [])
        self._request_id = request_id
        self._correlation_id = correlation_id
        self._parameters = parameters or {}
        self._model_name = model_name

    def inputs(self):
        return self._inputs

    def requested_output_names(self):
        return self._requested_output_names

    def request_id(self):
        return self._request_id

    def correlation_id(self):
        return self._correlation_id

    def parameters(self):
        return json.dumps(self._parameters)

    def flags(self):
        return 0

    def is_cancelled(self):
        return False


class InferenceResponse:
    def __init__(self, output_tensors=None, error=None, parameters=None):
        self._output_tensors = list(output_tensors or [])
        self._error = error
        self._parameters = parameters or {}

    def output_tensors(self):
        return self._output_tensors

    def has_error(self):
        return self._error is not None

    def error(self):
        return self._error

    def parameters(self):
        return json.dumps(self._parameters)


def get_input_tensor_by_name(inference_request, name):
    for tensor in inference_request.inputs():
        if tensor.name() == name:
            return tensor
    return None


def get_output_tensor_by_name(inference_response, name):
    for tensor in inference_response.output_tensors():
        if tensor.name() == name:
            return tensor
    return None


def get_input_config_by_name(model_config, name):
    for entry in model_config.get("input", []):
        if entry["name"] == name:
            return entry
    return None


def get_output_config_by_name(model_config, name):
    for entry in model_config.get("output", []):
        if entry["name"] == name:
            return entry
    return None


class Logger:
    INFO, WARNING, ERROR, VERBOSE = 0, 1, 2, 3
    _LABELS = {0: "I", 1: "W", 2: "E", 3: "V"}

    @staticmethod
    def log(message, level=0):
        print(f"{Logger._LABELS.get(level, 'I')} {message}", file=sys.stderr, flush=True)

    @staticmethod
    def log_info(message):
        Logger.log(message, Logger.INFO)

    @staticmethod
    def log_warn(message):
        Logger.log(message, Logger.WARNING)

    @staticmethod
    def log_error(message):
        Logger.log(message, Logger.ERROR)

    @staticmethod
    def log_verbose(message):
        Logger.log(message, Logger.VERBOSE)


LogLevel = Logger


# --- mme's own helpers (the worker's wire format) ---------------------------------------------------


def kserve_datatype_of(array):
    if array.dtype.kind in ("O", "S", "U"):
        return "BYTES"
    datatype = NUMPY_TO_KSERVE.get(array.dtype.newbyteorder("="))
    if datatype is None:
        raise TritonModelException(f"numpy dtype {array.dtype} has no KServe datatype")
    return datatype


def array_from_bytes(raw, datatype, shape):
    if datatype == "BYTES":
        elements, offset, data = [], 0, bytes(raw)
        while offset < len(data):
            (length,) = struct.unpack_from("<I", data, offset)
            elements.append(data[offset + 4 : offset + 4 + length])
            offset += 4 + length
        array = np.empty(len(elements), dtype=np.object_)
        array[:] = elements
        return array.reshape(shape)
    dtype = np.dtype(KSERVE_TO_NUMPY[datatype]).newbyteorder("<")
    # A writable copy: models may modify inputs in place.
    return np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


def array_to_bytes(array, datatype):
    if datatype == "BYTES":
        parts = []
        for element in array.reshape(-1):
            value = element.encode("utf-8") if isinstance(element, str) else bytes(element)
            parts.append(struct.pack("<I", len(value)) + value)
        return b"".join(parts)
    return np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
