"""Pillow reference for ImagingTests: decode, convert("L"), resize with BILINEAR / BICUBIC / LANCZOS.

Usage: pillow_reference.py <image> <out-dir> <w> <h>
Writes raw 8-bit interleaved pixels: decoded.rgb, grey.l, bilinear.rgb, bicubic.rgb, lanczos.rgb, and size.txt.
"""
import sys
from PIL import Image

src, out, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
im = Image.open(src).convert("RGB")
open(f"{out}/size.txt", "w").write(f"{im.width} {im.height}")
open(f"{out}/decoded.rgb", "wb").write(im.tobytes())
open(f"{out}/grey.l", "wb").write(im.convert("L").tobytes())
for name, flt in [("bilinear", Image.BILINEAR), ("bicubic", Image.BICUBIC), ("lanczos", Image.LANCZOS)]:
    open(f"{out}/{name}.rgb", "wb").write(im.resize((w, h), flt).tobytes())
