"""CMYK and YCCK JPEGs and Pillow's RGB of each: `Image.open(f).convert('RGB')`.

Usage: cmyk_reference.py OUT_DIR. Writes cmyk.jpg (Pillow's encoder: Adobe CMYK, transform 0), ycck.jpg (libjpeg-turbo's
TurboJPEG encoder from CMYK pixels: Adobe YCCK, transform 2) and, for each, NAME.rgb: Pillow's RGB bytes, row-major.
Prints one line per file: name width height mode adobe_transform.
"""
import ctypes
import io
import os
import random
import sys

from PIL import Image

out = sys.argv[1]
random.seed(12)
w, h = 53, 41
# Smooth gradients with some noise: every CMYK combination range, and chroma that survives subsampling.
pixels = []
for y in range(h):
    for x in range(w):
        pixels.append(((x * 255) // (w - 1), (y * 255) // (h - 1), (x * y * 7) % 256, random.randrange(256)))
cmyk = Image.new("CMYK", (w, h))
cmyk.putdata(pixels)
cmyk.save(os.path.join(out, "cmyk.jpg"), "JPEG", quality=92)

# YCCK through TurboJPEG: compressing TJPF_CMYK pixels gives a YCCK JPEG (libjpeg's default for CMYK input).
tj = ctypes.CDLL("libturbojpeg.so.0")
tj.tjInitCompress.restype = ctypes.c_void_p
tj.tjCompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                           ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)), ctypes.POINTER(ctypes.c_ulong),
                           ctypes.c_int, ctypes.c_int, ctypes.c_int]
tj.tjFree.argtypes = [ctypes.c_void_p]
tj.tjDestroy.argtypes = [ctypes.c_void_p]
TJPF_CMYK, TJSAMP_420 = 11, 2
handle = tj.tjInitCompress()
# Adobe convention: stored samples are inverted (what Pillow's 'CMYK;I' raw mode undoes).
raw = bytes(255 - v for p in pixels for v in p)
buf = ctypes.POINTER(ctypes.c_ubyte)()
size = ctypes.c_ulong(0)
if tj.tjCompress2(handle, raw, w, w * 4, h, TJPF_CMYK, ctypes.byref(buf), ctypes.byref(size), TJSAMP_420, 90, 0) != 0:
    sys.exit("tjCompress2 failed")
with open(os.path.join(out, "ycck.jpg"), "wb") as f:
    f.write(ctypes.string_at(buf, size.value))
tj.tjFree(buf)
tj.tjDestroy(handle)

for name in ["cmyk", "ycck"]:
    image = Image.open(os.path.join(out, name + ".jpg"))
    rgb = image.convert("RGB")
    with open(os.path.join(out, name + ".rgb"), "wb") as f:
        f.write(rgb.tobytes())
    print(name, image.size[0], image.size[1], image.mode, image.info.get("adobe_transform"))
