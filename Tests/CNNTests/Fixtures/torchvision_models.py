"""torchvision's own models with random weights: the reference the Swift architectures are compared against.

Usage: torchvision_models.py <architecture> <out-dir> [safetensors | cirtorch]
  architecture: alexnet | vgg16 | resnet50 | resnet101 | resnet152 | squeezenet1_1
  safetensors:  also write the state dict as model.safetensors (written here by hand: the format is an 8-byte
                little-endian header length, a JSON header of dtype/shape/data_offsets, then the raw data)
  cirtorch:     also write cirtorch.pth, the same weights as a retrieval-fine-tuned network is saved by cirtorch
                (`ImageRetrievalNet`, Radenović et al.): {'state_dict': features + GeM pool + learned whitening,
                'meta': {...}}, the backbone built as cirtorch builds it (ResNet: list(net.children())[:-2]; VGG,
                AlexNet: list(net.features.children())[:-1]; SqueezeNet: net.features), no classifier

Writes to <out-dir>:
  model.pth                    the state dict (torch.manual_seed(0), torchvision's initialisation; batch-norm
                               affine parameters and running statistics re-drawn at random so folding is tested)
  input_<h>x<w>.f32            a 1×3×h×w standard normal input, float32 little-endian, C order
  <layer>_<h>x<w>.f32          the output at each stop layer (names as in the Swift NetworkArchitecture)
for (h, w) in (224, 224) and (163, 209): odd, non-square sizes exercise ceil-mode pooling (SqueezeNet) and the
uneven bins of AdaptiveAvgPool2d (AlexNet pool5 4×5 → 6×6, VGG16 pool5 5×6 → 7×7).
fc6/fc7 are after their ReLU; conv5_3 is after its ReLU (features[:30]); pool5 is the output of `features`.
"""
import sys
import numpy as np
import torch
import torchvision
from torch import nn

SIZES = [(224, 224), (163, 209)]


def stops(name, m, x):
    """(layer, tensor) at every stop layer of `name`, in network order."""
    if name == "alexnet":
        pool5 = m.features(x)
        fc6 = m.classifier[2](m.classifier[1](torch.flatten(m.avgpool(pool5), 1)))
        fc7 = m.classifier[5](m.classifier[4](fc6))
        return [("pool5", pool5), ("fc6", fc6), ("fc7", fc7)]
    if name == "vgg16":
        conv5_3 = m.features[:30](x)
        pool5 = m.features[30](conv5_3)
        fc6 = m.classifier[1](m.classifier[0](torch.flatten(m.avgpool(pool5), 1)))
        fc7 = m.classifier[4](m.classifier[3](fc6))
        return [("conv5_3", conv5_3), ("pool5", pool5), ("fc6", fc6), ("fc7", fc7)]
    if name.startswith("resnet"):
        y = m.maxpool(m.relu(m.bn1(m.conv1(x))))
        y = m.layer4(m.layer3(m.layer2(m.layer1(y))))
        return [("layer4", y)]
    if name == "squeezenet1_1":
        return [("features", m.features(x))]
    raise SystemExit(f"unknown architecture {name}")


def save_safetensors(state, path):
    import json, struct
    header, chunks, offset = {}, [], 0
    for key, t in state.items():
        a = t.detach().contiguous().numpy()
        dtype = {np.float32: "F32", np.int64: "I64"}[a.dtype.type]
        header[key] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        chunks.append(a.tobytes())
        offset += a.nbytes
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text))); f.write(text)
        for c in chunks:
            f.write(c)


class GeM(nn.Module):
    def __init__(self):
        super().__init__()
        self.p = nn.Parameter(torch.ones(1) * 3)


class ImageRetrievalNet(nn.Module):
    """The module layout of cirtorch's ImageRetrievalNet (features, pool, whiten); only its state dict is used."""
    def __init__(self, name, model):
        super().__init__()
        if name.startswith("resnet"):
            features = list(model.children())[:-2]
        elif name in ("vgg16", "alexnet"):
            features = list(model.features.children())[:-1]
        else:
            features = list(model.features.children())
        self.features = nn.Sequential(*features)
        self.pool = GeM()
        dim = {"vgg16": 512, "alexnet": 256, "squeezenet1_1": 512}.get(name, 2048)
        self.whiten = nn.Linear(dim, dim, bias=True)


def build(name):
    constructor = getattr(torchvision.models, name)
    try:
        return constructor(weights=None)  # torchvision ≥ 0.13
    except TypeError:
        return constructor(pretrained=False)


if __name__ == "__main__":
    name, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = build(name).eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):  # non-trivial statistics, so folding is exercised
                m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2); m.running_var.uniform_(0.5, 1.5)
    torch.save(model.state_dict(), f"{out}/model.pth")
    if len(sys.argv) > 3 and sys.argv[3] == "safetensors":
        save_safetensors(model.state_dict(), f"{out}/model.safetensors")
    if len(sys.argv) > 3 and sys.argv[3] == "cirtorch":
        net = ImageRetrievalNet(name, model)
        meta = {"architecture": name, "pooling": "gem", "local_whitening": False, "regional": False,
                "whitening": True, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "outputdim": 2048}
        torch.save({"epoch": 0, "meta": meta, "state_dict": net.state_dict()}, f"{out}/cirtorch.pth")
    for h, w in SIZES:
        x = torch.randn(1, 3, h, w)
        x.numpy().astype(np.float32).tofile(f"{out}/input_{h}x{w}.f32")
        with torch.no_grad():
            for layer, y in stops(name, model, x):
                y.numpy().astype(np.float32).tofile(f"{out}/{layer}_{h}x{w}.f32")
