"""One model instance of @mme/runtime: hosts a Triton Python-backend model (or a TorchScript model).

Protocol on stdin (requests) and the original stdout (replies), every frame:
    u32 LE header length, u32 LE payload length, header JSON (UTF-8), payload.
Tensors travel as raw little-endian row-major bytes in the payload, described in the header by
{name, datatype, shape, byte_length}; BYTES elements are u32 LE length + bytes, as in KServe.
User code's prints (Python or C level) go to stderr: fd 1 is pointed at fd 2 at startup.
"""

import ctypes
import importlib.util
import json
import os
import signal
import struct
import sys
import traceback

import numpy as np

import triton_python_backend_utils as pb_utils
from mme_torchscript import TORCH_INSTALL_HINT, TorchScriptHost, prefer_passive_openmp


def open_channels():
    reply_fd = os.dup(1)
    os.dup2(2, 1)
    request_stream = os.fdopen(os.dup(0), "rb", buffering=0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    return request_stream, os.fdopen(reply_fd, "wb", buffering=0)


def read_exactly(stream, size):
    chunks = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(stream):
    prefix = read_exactly(stream, 8)
    if prefix is None:
        return None, None
    header_length, payload_length = struct.unpack("<II", prefix)
    header = json.loads(read_exactly(stream, header_length))
    payload = read_exactly(stream, payload_length) if payload_length else b""
    return header, payload


def write_frame(stream, header, payload_parts=()):
    header_bytes = json.dumps(header).encode("utf-8")
    payload_length = sum(len(p) for p in payload_parts)
    stream.write(struct.pack("<II", len(header_bytes), payload_length) + header_bytes)
    for part in payload_parts:
        stream.write(part)


def decode_tensors(descriptors, payload):
    tensors = []
    offset = 0
    view = memoryview(payload)
    for d in descriptors:
        raw = view[offset : offset + d["byte_length"]]
        offset += d["byte_length"]
        tensors.append(pb_utils.Tensor(d["name"], pb_utils.array_from_bytes(raw, d["datatype"], d["shape"])))
    return tensors


def encode_tensors(tensors):
    descriptors, parts = [], []
    for t in tensors:
        array = t.as_numpy()
        datatype = pb_utils.kserve_datatype_of(array)
        raw = pb_utils.array_to_bytes(array, datatype)
        descriptors.append({"name": t.name(), "datatype": datatype, "shape": list(array.shape), "byte_length": len(raw)})
        parts.append(raw)
    return descriptors, parts


def error_text(error):
    return f"{type(error).__name__}: {error}"


class PythonModelHost:
    def __init__(self, header):
        model_file = header["model_file"]
        sys.path.insert(0, os.path.dirname(model_file))
        spec = importlib.util.spec_from_file_location("model", model_file)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except ModuleNotFoundError as error:
            if error.name not in ("torch", "torchvision"):
                raise
            raise pb_utils.TritonModelException(
                f"{model_file} imports {error.name}, which {sys.executable} does not have; "
                f"install it with: {TORCH_INSTALL_HINT} (or point MME_PYTHON at an interpreter that has it)"
            ) from None
        if not hasattr(module, "TritonPythonModel"):
            raise pb_utils.TritonModelException(f"{model_file} defines no class TritonPythonModel")
        self.model = module.TritonPythonModel()
        if hasattr(self.model, "initialize"):
            self.model.initialize(header["args"])

    def execute(self, inputs, requested_outputs, request_id):
        request = pb_utils.InferenceRequest(inputs=inputs, requested_output_names=requested_outputs, request_id=request_id)
        responses = self.model.execute([request])
        if responses is None or len(responses) != 1:
            count = "None" if responses is None else len(responses)
            raise pb_utils.TritonModelException(f"execute() must return one response per request (1), got {count}")
        response = responses[0]
        if response.has_error():
            return None, response.error().message()
        wanted = set(requested_outputs)
        return [t for t in response.output_tensors() if not wanted or t.name() in wanted], None

    def finalize(self):
        if hasattr(self.model, "finalize"):
            self.model.finalize()


HOSTS = {"python": PythonModelHost, "torchscript": TorchScriptHost}


def serve(requests, replies):
    host = None
    while True:
        header, payload = read_frame(requests)
        if header is None:
            return
        op, request_id = header.get("op"), header.get("id")
        try:
            if op == "initialize":
                host = HOSTS[header["kind"]](header)
                write_frame(replies, {"id": request_id, "ok": True, "pid": os.getpid()})
            elif op == "execute":
                inputs = decode_tensors(header["tensors"], payload)
                outputs, error = host.execute(inputs, header.get("outputs") or [], header.get("request_id") or "")
                if error is not None:
                    write_frame(replies, {"id": request_id, "ok": False, "error": error})
                else:
                    descriptors, parts = encode_tensors(outputs)
                    write_frame(replies, {"id": request_id, "ok": True, "tensors": descriptors}, parts)
            elif op == "finalize":
                if host is not None:
                    host.finalize()
                write_frame(replies, {"id": request_id, "ok": True})
                return
            else:
                write_frame(replies, {"id": request_id, "ok": False, "error": f"unknown op {op!r}"})
        except Exception as error:  # the model's fault: report it, stay alive
            traceback.print_exc(file=sys.stderr)
            write_frame(replies, {"id": request_id, "ok": False, "error": error_text(error)})


def die_with_parent():
    """SIGKILL when the process that started this worker dies (Linux), even inside a stuck initialize()."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def main():
    die_with_parent()
    prefer_passive_openmp()
    requests, replies = open_channels()
    serve(requests, replies)


if __name__ == "__main__":
    main()
