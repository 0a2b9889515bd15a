"""Writes torchvision's ResNet-50 as TorchScript with seeded, deterministic weights (nothing is downloaded).

usage: python3 resnet50_torchscript.py OUT.pt [--seed N]

The weights are torchvision's own initialisation drawn from torch.manual_seed(N), with each bottleneck's
last batch-norm scale set to 0.3 so activations stay in a sane range through 16 residual blocks (the role
a trained network's final BN gamma plays; the ONNX resnet50 in this registry damps its branches the same
way). The module is put in eval mode and compiled with torch.jit.script. The weights are the
same on every run (the serialized TorchScript code is not byte-stable, so the file's sha256 may differ).
"""

import argparse
import os
import shutil
import tempfile

import torch
import torchvision

RESIDUAL_BRANCH_GAIN = 0.3


def build(seed):
    torch.manual_seed(seed)
    model = torchvision.models.resnet50(weights=None)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torchvision.models.resnet.Bottleneck):
                module.bn3.weight.fill_(RESIDUAL_BRANCH_GAIN)
    return model.eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=50)
    args = parser.parse_args()
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    scripted = torch.jit.script(build(args.seed))
    # Written under its final name (the archive's top folder is named after the file) in a temporary
    # folder beside it, then moved into place: an interrupted run leaves no half-written model.pt.
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    folder = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(args.out)), prefix=".resnet50-")
    try:
        partial = os.path.join(folder, os.path.basename(args.out))
        scripted.save(partial)
        os.replace(partial, args.out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}")


if __name__ == "__main__":
    main()
