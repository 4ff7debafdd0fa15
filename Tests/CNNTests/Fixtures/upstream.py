"""Where the upstream reference implementations come from, for the CNNTests fixtures.

torchvision is Debian's python3-torchvision. EfficientNet-Lite0 is the weights' own architecture package,
efficientnet-lite-pytorch 0.1.0 (Apache-2.0; `Conv2dDynamicSamePadding` in its utils.py), which scripts/setup
unpacks into $CBIR_CACHE/packages (default ~/.cache/cbir) — it is never copied into the repository.
"""
import os
import sys


def efficientnet_lite_package_dir():
    cache = os.environ.get("CBIR_CACHE", os.path.expanduser("~/.cache/cbir"))
    return os.path.join(cache, "packages", "efficientnet-lite-pytorch-0.1.0")


def efficientnet_lite0():
    """The upstream EfficientNet-Lite0 with TF 'SAME' padding computed per input size (`image_size=None`): the package's
    default (`from_name('efficientnet-lite0')`) pads statically for 224×224 and is wrong at any other size."""
    d = efficientnet_lite_package_dir()
    if not os.path.isfile(os.path.join(d, "efficientnet_lite_pytorch", "utils.py")):
        sys.exit(f"efficientnet-lite-pytorch 0.1.0 not found in {d}; run scripts/setup")
    sys.path.insert(0, d)
    from efficientnet_lite_pytorch import EfficientNet
    from efficientnet_lite_pytorch.utils import Conv2dDynamicSamePadding
    model = EfficientNet.from_name("efficientnet-lite0", image_size=None).eval()
    assert isinstance(model._conv_stem, Conv2dDynamicSamePadding)
    return model


def same_padding_conv2d():
    """The package's `Conv2dDynamicSamePadding` class (TF 'SAME' padding for any input size)."""
    efficientnet_lite0()
    from efficientnet_lite_pytorch.utils import Conv2dDynamicSamePadding
    return Conv2dDynamicSamePadding
