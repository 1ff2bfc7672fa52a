#!/usr/bin/env python3
"""Writes the PNG fixtures of Tests/VitrineImagingTests/Fixtures by hand (zlib + struct only),
independently of libpng, with the samples each file must decode to in expected.json.

One file per colour type and bit depth PNG allows, palette files with and without tRNS, colour-key
transparency, every row filter, an interlaced (Adam7) file, a 16-bit file with a gAMA chunk (which
the reader ignores) and a file split over several IDAT chunks. Deterministic: running it again
rewrites identical files.

Usage: python3 scripts/make_png_fixtures.py [OUTPUT_DIR]
       python3 scripts/make_png_fixtures.py --decode FILE.png...
The second form decodes non-interlaced, non-palette PNGs by hand and prints each one's header
and samples (CHW order) as a line of JSON, so tests can check what the Swift writer puts in
the file.
"""
import json
import os
import random
import struct
import sys
import zlib

HEIGHT, WIDTH = 5, 7  # odd sizes so sub-byte rows end mid-byte


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def pack_row(samples, bit_depth):
    """Samples of one row (already interleaved) to bytes at the given bit depth."""
    if bit_depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if bit_depth == 8:
        return bytes(samples)
    out, acc, used = bytearray(), 0, 0
    for s in samples:
        acc = (acc << bit_depth) | s
        used += bit_depth
        if used == 8:
            out.append(acc)
            acc, used = 0, 0
    if used:
        out.append(acc << (8 - used))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, row, previous, bpp):
    out = bytearray([kind])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = previous[i] if previous else 0
        c = previous[i - bpp] if previous and i >= bpp else 0
        predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - predictor) & 0xFF)
    return bytes(out)


def image_data(rows, bit_depth, samples_per_pixel, first_filter=0):
    """Raw rows (lists of interleaved samples) to the filtered byte stream, cycling filters."""
    bpp = max(1, bit_depth * samples_per_pixel // 8)
    stream, previous = bytearray(), None
    for y, row in enumerate(rows):
        packed = pack_row(row, bit_depth)
        stream += filter_row((first_filter + y) % 5, packed, previous, bpp)
        previous = packed
    return bytes(stream)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def interlaced_data(rows, bit_depth, samples_per_pixel):
    stream = bytearray()
    for x0, y0, dx, dy in ADAM7:
        sub = []
        for y in range(y0, len(rows), dy):
            pixels = [rows[y][x * samples_per_pixel:(x + 1) * samples_per_pixel]
                      for x in range(x0, len(rows[0]) // samples_per_pixel, dx)]
            if pixels:
                sub.append([s for p in pixels for s in p])
        if sub:
            stream += image_data(sub, bit_depth, samples_per_pixel)
    return bytes(stream)


def png(color_type, bit_depth, rows, samples_per_pixel, extra=b"", interlace=0, idat_pieces=1):
    ihdr = struct.pack(">IIBBBBB", WIDTH, HEIGHT, bit_depth, color_type, 0, 0, interlace)
    raw = interlaced_data(rows, bit_depth, samples_per_pixel) if interlace else \
        image_data(rows, bit_depth, samples_per_pixel)
    compressed = zlib.compress(raw, 9)
    step = -(-len(compressed) // idat_pieces)
    idats = b"".join(chunk(b"IDAT", compressed[i:i + step]) for i in range(0, len(compressed), step))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + idats + chunk(b"IEND", b"")


def planes_from_rows(rows, channels):
    """Interleaved rows to CHW order, the order Image.pixels uses."""
    return [rows[y][x * channels + c] for c in range(channels) for y in range(HEIGHT) for x in range(WIDTH)]


def decode(path):
    """Inflate and unfilter a non-interlaced gray/GA/RGB/RGBA file of depth 8 or 16."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, idat, chunks = 8, b"", []
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])[0]
        chunks.append(kind.decode())
        if kind == b"IHDR":
            width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    assert interlace == 0 and depth in (8, 16) and color_type in (0, 2, 4, 6)
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color_type]
    size = depth // 8
    bpp, stride = channels * size, width * channels * size
    raw, previous, samples = zlib.decompress(idat), bytearray(stride), []
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b, c = previous[i], previous[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]) & 0xFF
        values = list(row) if size == 1 else [row[i] << 8 | row[i + 1] for i in range(0, stride, 2)]
        samples.append(values)
        previous = row
    chw = [samples[y][x * channels + ch] for ch in range(channels) for y in range(height) for x in range(width)]
    print(json.dumps({"width": width, "height": height, "bit_depth": depth, "channels": channels,
                      "chunks": chunks, "samples": chw}))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--decode":
        for path in sys.argv[2:]:
            decode(path)
        return
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "Tests", "VitrineImagingTests", "Fixtures")
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(20261123)
    expected = {}

    def random_rows(samples_per_pixel, maxval):
        rows = [[rng.randint(0, maxval) for _ in range(WIDTH * samples_per_pixel)] for _ in range(HEIGHT)]
        rows[0][0], rows[-1][-1] = 0, maxval  # both extremes appear
        return rows

    def save(name, data, channels, maxval, samples):
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        expected[name] = {"channels": channels, "height": HEIGHT, "width": WIDTH, "maxval": maxval, "samples": samples}

    # Direct colour types at every allowed depth: (type, samples per pixel, depths).
    for color_type, spp, depths, label in [(0, 1, [1, 2, 4, 8, 16], "gray"), (4, 2, [8, 16], "gray_alpha"),
                                           (2, 3, [8, 16], "rgb"), (6, 4, [8, 16], "rgba")]:
        for depth in depths:
            maxval = (1 << depth) - 1
            rows = random_rows(spp, maxval)
            if spp in (2, 4) and depth == 16:
                # Opaque alpha: at 16 bits libpng premultiplies, so exactness is checked where a = 1.
                for row in rows:
                    for x in range(WIDTH):
                        row[x * spp + spp - 1] = maxval if x % 2 == 0 else row[x * spp + spp - 1]
            save(f"{label}_{depth}.png", png(color_type, depth, rows, spp), spp, maxval, planes_from_rows(rows, spp))

    # Palette files: entries expand to RGB, or RGBA when a tRNS chunk gives alphas.
    for depth in [1, 2, 4, 8]:
        entries = min(1 << depth, 40)
        palette = [[rng.randint(0, 255) for _ in range(3)] for _ in range(entries)]
        indices = [[rng.randrange(entries) for _ in range(WIDTH)] for _ in range(HEIGHT)]
        plte = chunk(b"PLTE", bytes(v for e in palette for v in e))
        rgb_rows = [[v for i in row for v in palette[i]] for row in indices]
        save(f"palette_{depth}.png", png(3, depth, indices, 1, extra=plte), 3, 255, planes_from_rows(rgb_rows, 3))
        alphas = [rng.randint(0, 255) for _ in range(entries // 2)]  # later entries stay opaque
        trns = chunk(b"tRNS", bytes(alphas))
        rgba_rows = [[v for i in row for v in palette[i] + [alphas[i] if i < len(alphas) else 255]]
                     for row in indices]
        save(f"palette_{depth}_trns.png", png(3, depth, indices, 1, extra=plte + trns), 4, 255,
             planes_from_rows(rgba_rows, 4))

    # Colour-key transparency: pixels equal to the key become transparent.
    rows = random_rows(1, 255)
    key = rows[2][3]
    ga_rows = [[v for s in row for v in (s, 0 if s == key else 255)] for row in rows]
    save("gray_8_trns.png", png(0, 8, rows, 1, extra=chunk(b"tRNS", struct.pack(">H", key))), 2, 255,
         planes_from_rows(ga_rows, 2))
    rows = random_rows(3, 255)
    key = rows[1][6:9]
    rgba_rows = [[v for x in range(WIDTH) for v in row[3 * x:3 * x + 3] + [0 if row[3 * x:3 * x + 3] == key else 255]]
                 for row in rows]
    save("rgb_8_trns.png", png(2, 8, rows, 3, extra=chunk(b"tRNS", struct.pack(">HHH", *key))), 4, 255,
         planes_from_rows(rgba_rows, 4))

    # Adam7 interlacing, a gAMA chunk on a 16-bit file, and image data split over several IDATs.
    rows = random_rows(3, 255)
    save("rgb_8_interlaced.png", png(2, 8, rows, 3, interlace=1), 3, 255, planes_from_rows(rows, 3))
    rows = random_rows(1, 65535)
    gama = chunk(b"gAMA", struct.pack(">I", 45455))
    save("gray_16_gama.png", png(0, 16, rows, 1, extra=gama), 1, 65535, planes_from_rows(rows, 1))
    rows = random_rows(4, 255)
    save("rgba_8_split_idat.png", png(6, 8, rows, 4, idat_pieces=4), 4, 255, planes_from_rows(rows, 4))

    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
