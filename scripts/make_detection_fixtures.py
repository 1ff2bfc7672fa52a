#!/usr/bin/env python3
"""Randomized COCO ground truth and detections, scored by pycocotools, for VitrineDetection's tests.

Writes into Tests/VitrineDetectionTests/Fixtures (or --out):
  coco_gt.json       COCO instances file: images, annotations (with area and iscrowd), categories
  coco_results.json  COCO results file: [{image_id, category_id, bbox: [x, y, w, h], score}]
  coco_expected.json pycocotools' 12 summary stats (COCOeval(..., 'bbox').stats), its parameters'
                     IoU and recall thresholds, VOC AP per category, and the versions that made them

The Swift test reads the same two inputs and must reproduce the stats to 1e-12, so the committed
fixture lets `swift test` run without pycocotools. What the data exercises, on purpose:
  - objects in all three COCO size classes, one exactly on the small/medium border (area 32²), and
    annotation areas smaller than the box (COCO's area is the mask's), which decide the size class;
  - crowd regions (iscrowd 1) with several detections inside them;
  - scores rounded to two decimals, so that many are tied and the order among equals matters;
  - one image and category with more than 100 detections (the maxDets cut);
  - an image with no ground truth, a category absent from one size class, a detection of a
    category the ground truth does not list (ignored by pycocotools);
  - detections jittered from the truth by varying amounts, so IoUs spread across 0.5...0.95.

Usage:
  scripts/make_detection_fixtures.py                 regenerate the committed fixture (needs pycocotools)
  scripts/make_detection_fixtures.py --check         regenerate in memory and compare with the committed
                                                     files: exits 1 and says what differs
  scripts/make_detection_fixtures.py --seed 7 --out DIR   another random set (the Swift cross-check
                                                     test calls this for several seeds when pycocotools
                                                     is installed)
Install pycocotools with `python3 -m pip install pycocotools`.
"""
import argparse
import contextlib
import io
import json
import os
import random
import sys

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "VitrineDetectionTests", "Fixtures")
DEFAULT_SEED = 15
CATEGORIES = [{"id": 1, "name": "face"}, {"id": 2, "name": "person"}, {"id": 5, "name": "bag"}]


def random_box(rng, width, height, size_class):
    """A box inside the image whose area falls in the COCO size class asked for."""
    side = {"small": (4, 30), "medium": (33, 94), "large": (98, 300)}[size_class]
    while True:
        s = rng.uniform(*side)
        aspect = rng.uniform(0.6, 1.6)
        w, h = round(s * aspect ** 0.5, 2), round(s / aspect ** 0.5, 2)
        if w < width and h < height and side[0] ** 2 <= w * h <= side[1] ** 2:
            return [round(rng.uniform(0, width - w), 2), round(rng.uniform(0, height - h), 2), w, h]


def jittered(rng, box, sigma):
    x, y, w, h = box
    x1 = x + rng.gauss(0, sigma * w)
    y1 = y + rng.gauss(0, sigma * h)
    x2 = x + w + rng.gauss(0, sigma * w)
    y2 = y + h + rng.gauss(0, sigma * h)
    x1, x2 = min(x1, x2), max(x1, x2)
    y1, y2 = min(y1, y2), max(y1, y2)
    return [round(x1, 2), round(y1, 2), round(max(x2 - x1, 0.5), 2), round(max(y2 - y1, 0.5), 2)]


def generate(seed):
    rng = random.Random(seed)
    sizes = [(640, 480), (480, 640), (320, 320), (800, 600)]
    images, annotations, results = [], [], []
    for n in range(9):
        w, h = sizes[n % len(sizes)]
        images.append({"id": 100 + 3 * n, "file_name": "img%02d.png" % n, "width": w, "height": h})

    def annotate(image, category, bbox, area=None, crowd=0):
        annotations.append({"id": len(annotations) + 1, "image_id": image["id"], "category_id": category,
                            "bbox": bbox, "area": round(area if area is not None else bbox[2] * bbox[3], 2),
                            "iscrowd": crowd})
        return bbox

    def detect(image, category, bbox, sigma=None):
        sigma = rng.choice([0.01, 0.03, 0.06, 0.1, 0.2]) if sigma is None else sigma
        results.append({"image_id": image["id"], "category_id": category, "bbox": jittered(rng, bbox, sigma),
                        "score": round(rng.random(), 2)})

    for n, image in enumerate(images):
        if n == 4:
            # No ground truth at all: every detection here is a false positive.
            for _ in range(3):
                detect(image, rng.choice([1, 2]), random_box(rng, image["width"], image["height"], "medium"))
            continue
        for _ in range(rng.randint(2, 7)):
            # Category 5 ("bag") is never small, so its small-area entries stay -1.
            category = rng.choice([1, 1, 2, 2, 5])
            size = rng.choice(["medium", "large"] if category == 5 else ["small", "medium", "large"])
            box = random_box(rng, image["width"], image["height"], size)
            # Some areas below the box's, as a segmentation's would be: they can move the size class.
            area = box[2] * box[3] * (rng.uniform(0.55, 1.0) if rng.random() < 0.3 else 1.0)
            annotate(image, category, box, area)
            for _ in range(rng.choice([0, 1, 1, 1, 2])):  # misses, hits and duplicates
                detect(image, category, box)
        for _ in range(rng.randint(0, 3)):  # false positives anywhere
            detect(image, rng.choice([1, 2, 5]), random_box(rng, image["width"], image["height"],
                                                             rng.choice(["small", "medium", "large"])))
    # Exactly on the small/medium border: both ranges count it.
    border = annotate(images[1], 2, [50.0, 60.0, 32.0, 32.0])
    detect(images[1], 2, border, sigma=0.02)
    # A crowd of persons with detections inside it, and one more counted person inside the crowd.
    crowd = annotate(images[2], 2, [10.0, 20.0, 250.0, 180.0], crowd=1)
    person = annotate(images[2], 2, [40.0, 40.0, 60.0, 120.0])
    detect(images[2], 2, person, sigma=0.03)
    for _ in range(4):
        detect(images[2], 2, [crowd[0] + rng.uniform(0, 150), crowd[1] + rng.uniform(0, 90), 60.0, 70.0], sigma=0.0)
    # More than 100 small detections of one category in one image: only the best 100 count.
    many = images[3]
    faces = [annotate(many, 1, random_box(rng, many["width"], many["height"], "small")) for _ in range(6)]
    for k in range(104):
        if k % 13 == 0:
            detect(many, 1, faces[(k // 13) % len(faces)], sigma=0.05)
        else:
            detect(many, 1, random_box(rng, many["width"], many["height"], "small"))
    # A category the ground truth does not list.
    detect(images[0], 99, [5.0, 5.0, 40.0, 40.0], sigma=0.0)
    gt = {"images": images, "annotations": annotations, "categories": CATEGORIES}
    return gt, results


def voc_ap(rec, prec, use_07_metric):
    """py-faster-rcnn's voc_eval.voc_ap, verbatim apart from names."""
    import numpy as np
    if use_07_metric:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
            ap = ap + p / 11.0
        return ap
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])


def voc_eval(gt, results, category, use_07_metric, ovthresh=0.5):
    """py-faster-rcnn's voc_eval matching with crowds as 'difficult' and IoU without its +1 pixel."""
    import numpy as np
    truths = [a for a in gt["annotations"] if a["category_id"] == category]
    npos = sum(1 for a in truths if not a["iscrowd"])
    if npos == 0:
        return None
    detected = {id(a): False for a in truths}
    dets = [r for r in results if r["category_id"] == category]
    order = np.argsort([-r["score"] for r in dets], kind="mergesort")
    tp, fp = np.zeros(len(dets)), np.zeros(len(dets))
    for d, k in enumerate(order):
        r = dets[k]
        bb = r["bbox"]
        ovmax, best = -np.inf, None
        for a in truths:
            if a["image_id"] != r["image_id"]:
                continue
            g = a["bbox"]
            iw = max(min(bb[0] + bb[2], g[0] + g[2]) - max(bb[0], g[0]), 0.0)
            ih = max(min(bb[1] + bb[3], g[1] + g[3]) - max(bb[1], g[1]), 0.0)
            inter = iw * ih
            ov = inter / (bb[2] * bb[3] + g[2] * g[3] - inter)
            if ov > ovmax:
                ovmax, best = ov, a
        if ovmax > ovthresh:
            if not best["iscrowd"]:
                if not detected[id(best)]:
                    tp[d] = 1.0
                    detected[id(best)] = True
                else:
                    fp[d] = 1.0
        else:
            fp[d] = 1.0
    fp, tp = np.cumsum(fp), np.cumsum(tp)
    rec = tp / float(npos)
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    return float(voc_ap(rec, prec, use_07_metric))


def evaluate(gt_path, results_path):
    """pycocotools' stats and parameters, with its progress printing swallowed."""
    import numpy as np
    import pycocotools
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt = COCO(gt_path)
        coco_dt = coco_gt.loadRes(results_path)
        evaluation = COCOeval(coco_gt, coco_dt, "bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    with open(gt_path) as f:
        gt = json.load(f)
    with open(results_path) as f:
        results = json.load(f)
    voc = {}
    for name, use_07 in [("voc_all_points", False), ("voc_11_point", True)]:
        voc[name] = {str(c["id"]): voc_eval(gt, results, c["id"], use_07) for c in gt["categories"]}
    return {
        "stats": [float(s) for s in evaluation.stats],
        "iou_thresholds": [float(t) for t in evaluation.params.iouThrs],
        "recall_thresholds": [float(t) for t in evaluation.params.recThrs],
        **voc,
        "versions": {"pycocotools": getattr(pycocotools, "__version__", None) or _version("pycocotools"),
                     "numpy": np.__version__, "python": sys.version.split()[0]},
    }


def _version(package):
    try:
        from importlib.metadata import version
        return version(package)
    except Exception:
        return "unknown"


def dump(value):
    """Compact JSON, one array element per line: small, and diffs read line by line."""
    if isinstance(value, list):
        return "[\n" + ",\n".join(json.dumps(v, separators=(",", ":")) for v in value) + "\n]\n"
    return "{\n" + ",\n".join('"%s": %s' % (k, dump(v).rstrip("\n") if isinstance(v, list) and k != "categories"
                                            else json.dumps(v, separators=(",", ":")))
                                 for k, v in value.items()) + "\n}\n"


def write(out, seed):
    os.makedirs(out, exist_ok=True)
    gt, results = generate(seed)
    paths = {name: os.path.join(out, name) for name in ["coco_gt.json", "coco_results.json", "coco_expected.json"]}
    with open(paths["coco_gt.json"], "w") as f:
        f.write(dump(gt))
    with open(paths["coco_results.json"], "w") as f:
        f.write(dump(results))
    expected = evaluate(paths["coco_gt.json"], paths["coco_results.json"])
    expected["seed"] = seed
    with open(paths["coco_expected.json"], "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    return expected


def check(seed):
    import tempfile
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = write(tmp, seed)
        for name in ["coco_gt.json", "coco_results.json"]:
            with open(os.path.join(tmp, name)) as a, open(os.path.join(FIXTURES, name)) as b:
                if a.read() != b.read():
                    problems.append("%s differs from what seed %d generates" % (name, seed))
        with open(os.path.join(FIXTURES, "coco_expected.json")) as f:
            committed = json.load(f)
        for n, (x, y) in enumerate(zip(fresh["stats"], committed["stats"])):
            if abs(x - y) > 1e-12:
                problems.append("stat %d: pycocotools now gives %r, the fixture holds %r" % (n, x, y))
    for p in problems:
        print("check: " + p)
    print("check: %s (pycocotools %s)" % ("OK" if not problems else "%d problem(s)" % len(problems),
                                            fresh["versions"]["pycocotools"]))
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=FIXTURES, help="folder to write into (default: the test fixtures)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check", action="store_true", help="compare a fresh run with the committed fixture")
    args = parser.parse_args()
    try:
        import pycocotools  # noqa: F401
    except ImportError:
        sys.exit("pycocotools is not installed: python3 -m pip install pycocotools")
    if args.check:
        sys.exit(0 if check(args.seed) else 1)
    expected = write(args.out, args.seed)
    print("wrote %s: stats %s" % (args.out, " ".join("%.6f" % s for s in expected["stats"])))


if __name__ == "__main__":
    main()
