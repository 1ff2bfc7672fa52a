#!/usr/bin/env python3
"""The image-to-noise distance ratio of two real images of one condition: how far apart two
packshots (or photos) asked for by the same attributes are, as the diversity-sensitive term of
a conditional GAN measures its own samples (mean |Δx| over pixels scaled to [−1, 1], over the
mean |Δz| of two N(0, 1) draws, 2/√π). The bound `loss.diversity_bound` of
experiments/gan_jewelry.yaml comes from it.

    python3 scripts/catalog_pair_distance.py data/catalog-jewelry-packshots-32/manifest.csv \
        --kind packshot --categories ring,earrings --attributes category,metal,stone,stone_count
"""
import argparse, csv, math, os, random
from collections import defaultdict

import numpy as np
from PIL import Image

parser = argparse.ArgumentParser()
parser.add_argument("manifest")
parser.add_argument("--kind", default="packshot")
parser.add_argument("--categories", default="ring,earrings")
parser.add_argument("--attributes", default="category,metal,stone,stone_count")
parser.add_argument("--pairs", type=int, default=400)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

folder = os.path.dirname(args.manifest)
categories = set(args.categories.split(","))
columns = args.attributes.split(",")
groups = defaultdict(list)
for row in csv.DictReader(open(args.manifest)):
    if row["kind"] == args.kind and row["category"] in categories and row["split"] == "train" and row["source"] == "own":
        groups[tuple(row[c] for c in columns)].append(row)
# Conditions with more than one product, so a pair can be two designs as well as two takes.
keys = sorted(k for k, rows in groups.items() if len({r["product_id"] for r in rows}) > 1)
random.seed(args.seed)
load = lambda r: np.asarray(Image.open(os.path.join(folder, r["path"])).convert("RGB"), dtype=np.float64) / 255 * 2 - 1
distances = []
for _ in range(args.pairs):
    a, b = random.sample(groups[random.choice(keys)], 2)
    distances.append(np.abs(load(a) - load(b)).mean())
noise = 2 / math.sqrt(math.pi)  # E|z1 − z2| for z ~ N(0, 1): |N(0, 2)| has mean 2/√π
print(f"{len(keys)} conditions, {args.pairs} pairs: mean |Δx| {np.mean(distances):.4f} (median {np.median(distances):.4f}); "
      f"ratio to mean |Δz| {noise:.4f}: {np.mean(distances) / noise:.4f}")
