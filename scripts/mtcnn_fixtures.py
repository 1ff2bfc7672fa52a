#!/usr/bin/env python3
"""Fixtures for Tests/VitrineFacesTests, made once and committed (CI needs neither PyTorch nor
scikit-image). Three steps, each its own subcommand:

  images    real photographs from scikit-image's bundled data (needs scikit-image and Pillow:
            python3 -m pip install scikit-image), downscaled so that the fixtures stay small:
            astronaut (RGB, one face), camera (gray, one face), chelsea (a cat: no face), and a
            mosaic of six faces from skimage's LFW subset (real face photographs, 25 x 25 gray,
            enlarged to 60 x 60 on a gray background).
  legacy    two small files in PyTorch's legacy (non-zip) format: `synthetic_legacy.pt`, written
            with the pickle standard library alone, mimicking torch's layout (and exercising a
            strided view, a storage offset and two tensors sharing a storage), and, when torch
            is importable, `torch_legacy.pt` written by torch itself
            (torch.save(..., _use_new_zipfile_serialization=False)), with `torch_legacy.json`
            holding its values. Also `unsupported_opcode.pt`, a legacy file whose state dict is
            pickled with protocol 2 but holds a float (BINFLOAT), which the Swift reader rejects;
            and `tiny.zip`, one stored and one deflated member, for the ZIP reader.
  expected  facenet-pytorch 2.6.0's MTCNN(keep_all=True).detect(..., landmarks=True) on each
            fixture photograph, and the three networks' outputs on fixed inputs, to
            `mtcnn_expected.json` (needs torch, facenet-pytorch and Pillow; torchvision is stubbed
            with its documented `batched_nms` if its compiled ops cannot load — PyPI's Linux
            torchvision wheels need CUDA libraries).

Usage: scripts/mtcnn_fixtures.py images [--skimage-data DIR]
       scripts/mtcnn_fixtures.py legacy
       /work/torchenv/bin/python scripts/mtcnn_fixtures.py expected
"""
import json, os, pickle, struct, sys, types
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "VitrineFacesTests", "Fixtures")
PHOTOS = ["astronaut.png", "camera.png", "chelsea.png", "lfw_mosaic.png"]


def images(args):
    import numpy as np
    from PIL import Image
    if "--skimage-data" in args:
        data = args[args.index("--skimage-data") + 1]
    else:
        import skimage
        data = os.path.join(os.path.dirname(skimage.__file__), "data")
    os.makedirs(os.path.join(FIXTURES, "photos"), exist_ok=True)

    def save(image, name):
        path = os.path.join(FIXTURES, "photos", name)
        image.save(path, optimize=True)
        print(name, image.mode, image.size, os.path.getsize(path), "bytes")

    # Halved with a box filter (an exact 2 x 2 average).
    save(Image.open(os.path.join(data, "astronaut.png")).convert("RGB").reduce(2), "astronaut.png")
    save(Image.open(os.path.join(data, "camera.png")).convert("L").reduce(2), "camera.png")
    chelsea = Image.open(os.path.join(data, "chelsea.png")).convert("RGB")
    save(chelsea.resize((256, 170), Image.BOX), "chelsea.png")
    faces = np.load(os.path.join(data, "lfw_subset.npy"))  # the first 100 are faces
    cell, gap, rows, cols = 60, 12, 2, 3
    mosaic = np.full((rows * (cell + gap) + gap, cols * (cell + gap) + gap), 128, np.uint8)
    for k in range(rows * cols):
        face = Image.fromarray((faces[k] * 255).round().astype(np.uint8)).resize((cell, cell), Image.BICUBIC)
        r, c = divmod(k, cols)
        top, left = gap + r * (cell + gap), gap + c * (cell + gap)
        mosaic[top:top + cell, left:left + cell] = np.array(face)
    save(Image.fromarray(mosaic), "lfw_mosaic.png")


class _Fake:
    """Stand-ins for torch's globals, so that the standard pickler writes the same GLOBAL
    opcodes torch's legacy serializer writes, without torch installed."""


def _install_fake_torch():
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):
        raise RuntimeError("never called")

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    FloatStorage = type("FloatStorage", (), {"__module__": "torch"})
    torch.FloatStorage = FloatStorage
    torch._utils = utils
    sys.modules.setdefault("torch", torch)
    sys.modules.setdefault("torch._utils", utils)
    return utils._rebuild_tensor_v2, FloatStorage


class _Tensor:
    def __init__(self, rebuild, key, offset, size, stride):
        self.args = (rebuild, key, offset, size, stride)

    def __reduce__(self):
        rebuild, key, offset, size, stride = self.args
        return (rebuild, (_StorageRef(key), offset, size, stride, False, OrderedDict()))


class _StorageRef:
    def __init__(self, key):
        self.key = key


def _legacy_bytes(state, storages, storage_type, rebuild_tensor):
    """torch/serialization.py `_legacy_save`: magic number, protocol version, system info,
    the object (storages as persistent ids), the sorted storage keys, then each storage's
    element count (int64 little-endian) and its float32 values."""
    import io
    out = io.BytesIO()
    for header in (0x1950A86A20F9469CFC6C, 1001,
                   dict(protocol_version=1001, little_endian=True, type_sizes=dict(short=2, int=4, long=4))):
        pickle.dump(header, out, protocol=2)

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, _StorageRef):
                return ("storage", storage_type, obj.key, "cpu", len(storages[obj.key]), None)
            return None

    Pickler(out, protocol=2).dump(state)
    keys = sorted(storages)
    pickle.dump(keys, out, protocol=2)
    for key in keys:
        values = storages[key]
        out.write(struct.pack("<q", len(values)))
        out.write(struct.pack("<%df" % len(values), *values))
    return out.getvalue()


def legacy(args):
    rebuild, FloatStorage = _install_fake_torch()
    storages = {
        "100": [float(v) for v in range(12)],          # a [3, 4] matrix, also viewed transposed
        "200": [0.5, -1.25, 3.0, 1e-3, -7.5, 2.25],   # a vector at offset 2
    }
    state = OrderedDict()
    state["matrix"] = _Tensor(rebuild, "100", 0, (3, 4), (4, 1))
    state["transposed"] = _Tensor(rebuild, "100", 0, (4, 3), (1, 4))
    state["tail"] = _Tensor(rebuild, "200", 2, (2, 2), (2, 1))
    state["scalar"] = _Tensor(rebuild, "200", 1, (), ())
    with open(os.path.join(FIXTURES, "synthetic_legacy.pt"), "wb") as f:
        f.write(_legacy_bytes(state, storages, FloatStorage, rebuild))
    bad = OrderedDict(weight=1.5)
    with open(os.path.join(FIXTURES, "unsupported_opcode.pt"), "wb") as f:
        f.write(_legacy_bytes(bad, {}, FloatStorage, rebuild))
    import zipfile
    with zipfile.ZipFile(os.path.join(FIXTURES, "tiny.zip"), "w") as z:
        z.writestr(zipfile.ZipInfo("pkg/data/stored.txt"), b"stored bytes\n", compress_type=zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("pkg/data/deflated.txt"), b"deflated " * 200, compress_type=zipfile.ZIP_DEFLATED)
    print("wrote synthetic_legacy.pt, unsupported_opcode.pt, tiny.zip")
    for name in ("torch", "torch._utils"):
        sys.modules.pop(name, None)
    try:
        import torch
    except ImportError:
        print("torch is not importable here: torch_legacy.pt left as it is")
        return
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(2, 3, kernel_size=2)
    model = torch.nn.Sequential(OrderedDict(conv1=conv, prelu1=torch.nn.PReLU(3), dense=torch.nn.Linear(3, 2)))
    torch.save(model.state_dict(), os.path.join(FIXTURES, "torch_legacy.pt"), _use_new_zipfile_serialization=False)
    values = {k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in model.state_dict().items()}
    with open(os.path.join(FIXTURES, "torch_legacy.json"), "w") as f:
        json.dump({"torch": torch.__version__, "order": list(values), "tensors": values}, f, indent=1)
    print("wrote torch_legacy.pt with torch", torch.__version__)


def _stub_missing_modules():
    """facenet-pytorch imports torchvision (for batched_nms), requests and tqdm (for downloads
    this script never makes). Missing ones are stubbed; batched_nms as torchvision documents
    and implements it on the CPU: boxes of different indices never compete, boxes sorted by
    score (stable, descending), IoU = inter / (area_i + area_j - inter) with area (x2 - x1)(y2 - y1),
    a box suppressed when its IoU with a kept box is greater than the threshold."""
    import torch

    def batched_nms(boxes, scores, idxs, iou_threshold):
        if boxes.numel() == 0:
            return torch.empty((0,), dtype=torch.int64)
        b = boxes + (idxs.to(boxes) * (boxes.max() + 1))[:, None]
        x1, y1, x2, y2 = b.unbind(1)
        areas = (x2 - x1) * (y2 - y1)
        order = scores.sort(stable=True, descending=True)[1]
        suppressed = torch.zeros(len(b), dtype=torch.bool)
        keep = []
        for i in order.tolist():
            if suppressed[i]:
                continue
            keep.append(i)
            w = (torch.minimum(x2[i], x2) - torch.maximum(x1[i], x1)).clamp(min=0)
            h = (torch.minimum(y2[i], y2) - torch.maximum(y1[i], y1)).clamp(min=0)
            inter = w * h
            suppressed |= inter / (areas[i] + areas - inter) > iou_threshold
        return torch.tensor(keep, dtype=torch.int64)

    def stub(name, **attrs):
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module

    try:
        from torchvision.ops.boxes import batched_nms as _  # noqa: F401
        stubbed = False
    except Exception:
        for name in [m for m in sys.modules if m.startswith("torchvision")]:
            del sys.modules[name]
        stub("torchvision")
        stub("torchvision.ops")
        stub("torchvision.ops.boxes", batched_nms=batched_nms)
        stub("torchvision.transforms")
        stub("torchvision.transforms.functional")
        stubbed = True
    for name, attrs in [("requests", {}), ("requests.adapters", {"HTTPAdapter": object}),
                        ("tqdm", {"tqdm": object}), ("tqdm.auto", {"tqdm": object})]:
        try:
            __import__(name)
        except ImportError:
            stub(name, **attrs)
    return stubbed


def expected(args):
    import numpy as np
    import torch
    from PIL import Image
    stubbed = _stub_missing_modules()
    import facenet_pytorch
    from facenet_pytorch import MTCNN
    torch.set_num_threads(2)
    mtcnn = MTCNN(keep_all=True)
    result = {
        "generator": "scripts/mtcnn_fixtures.py expected",
        "facenet_pytorch": "2.6.0", "torch": torch.__version__,
        "torchvision_batched_nms": "stub (torchvision's algorithm)" if stubbed else "torchvision",
        "settings": {"min_face_size": 20, "thresholds": [0.6, 0.7, 0.7], "factor": 0.709},
        "photos": {}, "networks": {},
    }
    for name in PHOTOS:
        image = Image.open(os.path.join(FIXTURES, "photos", name)).convert("RGB")
        boxes, probs, points = mtcnn.detect(image, landmarks=True)
        faces = []
        if boxes is not None:
            for box, prob, point in zip(boxes, probs, points):
                faces.append({"box": [float(v) for v in box], "probability": float(prob),
                              "landmarks": [[float(x), float(y)] for x, y in point]})
        result["photos"][name] = {"width": image.width, "height": image.height, "faces": faces}
        print(name, image.size, [[round(v, 1) for v in f["box"]] + [round(f["probability"], 4)] for f in faces])
    # Each network on a fixed input in MTCNN's scale that the Swift test recomputes:
    # element i (row-major) is float32(0.9 sin(0.37 i + 0.1)).
    import math
    for net, shape in [(mtcnn.pnet, (1, 3, 17, 14)), (mtcnn.rnet, (2, 3, 24, 24)), (mtcnn.onet, (2, 3, 48, 48))]:
        count = int(np.prod(shape))
        x = torch.tensor([0.9 * math.sin(0.37 * i + 0.1) for i in range(count)], dtype=torch.float32).reshape(shape)
        with torch.no_grad():
            outputs = net(x)
        names = ["box", "probability"] if len(outputs) == 2 else ["box", "landmarks", "probability"]
        entry = {"input_shape": list(shape)}
        for n, o in zip(names, outputs):
            entry[n] = {"shape": list(o.shape), "values": o.flatten().tolist()}
        result["networks"][type(net).__name__.lower()] = entry
    with open(os.path.join(FIXTURES, "mtcnn_expected.json"), "w") as f:
        json.dump(result, f, indent=1)
    print("wrote mtcnn_expected.json")


if __name__ == "__main__":
    commands = {"images": images, "legacy": legacy, "expected": expected}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    commands[sys.argv[1]](sys.argv[2:])
