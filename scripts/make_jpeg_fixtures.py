#!/usr/bin/env python3
"""Writes the JPEG fixtures of Tests/VitrineImagingTests/JPEGTests.swift with Pillow: a 20x12
colour gradient (baseline and progressive), a grayscale ramp, and an 8x8 CMYK file the decoder
must refuse by name. The test's expected sums are Pillow's decodes of these files."""
import pathlib

import numpy as np
from PIL import Image

out = pathlib.Path(__file__).resolve().parent.parent / "Tests/VitrineImagingTests/Fixtures"
w, h = 20, 12
rgb = np.zeros((h, w, 3), dtype=np.uint8)
for y in range(h):
    for x in range(w):
        rgb[y, x] = [(x * 12) % 256, (y * 20) % 256, ((x + y) * 9) % 256]
Image.fromarray(rgb).save(out / "rgb_20x12.jpg", quality=90)
Image.fromarray(rgb).save(out / "rgb_20x12_progressive.jpg", quality=90, progressive=True)
gray = (np.arange(h * w).reshape(h, w) * 2 % 256).astype(np.uint8)
Image.fromarray(gray, "L").save(out / "gray_20x12.jpg", quality=90)
Image.fromarray(np.zeros((8, 8, 4), dtype=np.uint8), "CMYK").save(out / "cmyk_8x8.jpg")
for name in ["rgb_20x12.jpg", "rgb_20x12_progressive.jpg", "gray_20x12.jpg"]:
    a = np.asarray(Image.open(out / name)).astype(np.int64)
    print(name, a.shape, a.sum(), a.reshape(-1)[:6].tolist())
