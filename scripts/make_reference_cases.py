#!/usr/bin/env python3
"""Write reference cases for Vitrine's layers and losses, computed with numpy alone.

Usage:
    python3 scripts/make_reference_cases.py [OUTPUT.h5]
    (default: Tests/VitrineReferenceTests/Fixtures/reference_cases.h5)

Then check the Swift engine against them:
    vitrine check-reference OUTPUT.h5 [--tolerance 1e-4]

Independence
------------
Nothing here comes from the Swift code. Forwards are written directly from PyTorch's
documented definitions: convolution as a sum over kernel offsets of strided input slices
contracted with einsum (no im2col), transposed convolution as the scatter that defines it,
pooling window by window. Arithmetic is float64 throughout; inputs and parameters are
rounded to float32 *before* the forward, so the expected values are exactly what a
float32 engine given the stored inputs should produce, up to its own rounding.

Gradients come from float64 central finite differences of the numpy forward (step 1e-6;
objective sum(output * grad_output) for layers, the loss itself for losses). Where a
closed form is short (linear, element-wise activations, the point-wise losses, cross
entropy) it is also written out, stored, and checked against the finite differences here,
which tests the finite-difference machinery itself. Inputs are drawn away from kinks so
finite differences are exact there: no values near 0 at (leaky/p)ReLU, no ties inside a
max-pool window, |input - target| away from beta for smooth L1, and triplet batches whose
hardest positive/negative are unique and whose hinge is clearly on or off.

Everything is seeded: running the script again writes the same numbers.

File format
-----------
One group per case at the root, named after what it tests (``conv2d_stride2_pad1``).

Attributes of a case group (variable-length UTF-8 strings, read by h5py as ``str``):
  layer      one of: linear, conv2d, conv_transpose2d, batch_norm1d, batch_norm2d, relu,
             leaky_relu, prelu, tanh, sigmoid, max_pool2d, avg_pool2d, global_avg_pool2d,
             upsample_nearest, flatten, embedding, l2_normalize, cross_entropy,
             bce_with_logits, mse, smooth_l1, poisson_nll, triplet_batch_hard
  config     JSON object with PyTorch's argument names (in_channels, out_channels,
             kernel_size, stride, padding, dilation, groups, bias, output_padding,
             ceil_mode, count_include_pad, negative_slope, num_parameters, eps, momentum,
             affine, training, label_smoothing, margin, beta, scale_factor,
             num_embeddings, embedding_dim, in_features, out_features, start_dim,
             end_dim, dim, p, reduction, log_input, full, mode). Sizes are an int or an
             [h, w] pair, as PyTorch accepts them. ``training`` (default true) selects
             train or eval mode.
  gradients  provenance: "finite differences" or "analytic (checked by finite differences)"

Datasets of a case group:
  input                float32 (int64 indices for embedding)
  target               losses only: int64 class indices for cross_entropy, int64 labels for
                       triplet_batch_hard, float32 of the input's shape otherwise
  params/<name>        PyTorch's names and layouts: linear weight [out, in]; conv weight
                       [out, in/groups, kh, kw]; conv-transpose weight [in, out/groups,
                       kh, kw]; bias [out]; prelu weight [num_parameters]; embedding weight
                       [num_embeddings, embedding_dim]; batch norm weight, bias,
                       running_mean, running_var [C] (running stats are the buffers'
                       values before the forward)
  grad_output          layers only: the gradient fed to backward, shape of output
  output               expected forward output; for losses a scalar (shape []), the mean
  grad_input           expected gradient of the objective w.r.t. input (absent for embedding)
  grads/<name>         expected gradient of every trainable parameter (not running stats)
  expected_running/running_mean, expected_running/running_var
                       batch norm in training mode: the buffers after the one forward
                       (running = (1 - momentum) * running + momentum * batch statistic,
                       with the unbiased batch variance)

Loss conventions: all reduce by the mean. cross_entropy takes logits [N, C] and class
indices, with label smoothing as PyTorch's (1 - s) * nll + s * mean over classes of -log p.
bce_with_logits, mse, smooth_l1 (beta) and poisson_nll (log_input=True, full=False:
mean(exp(x) - y * x)) average over every element. triplet_batch_hard takes raw embeddings
[N, D] and integer labels: it L2-normalizes the rows, takes Euclidean (not squared)
distances, each anchor's hardest positive (largest distance, same label, not itself) and
hardest negative (smallest distance, other label), and averages relu(d_pos - d_neg + margin)
over the anchors (every anchor in these cases has both).
"""

import json
import os
import sys

import h5py
import numpy as np

STEP = 1e-6
DEFAULT_OUTPUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "VitrineReferenceTests", "Fixtures",
    "reference_cases.h5")


def f32(a):
    """Round to float32 and back to float64: the values the Swift engine will see."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


# ----------------------------------------------------------------------------------------
# Forwards (float64, from the definitions)
# ----------------------------------------------------------------------------------------

def linear(x, p, cfg):
    y = x @ p["weight"].T
    return y + p["bias"] if "bias" in p else y


def conv2d(x, p, cfg):
    """out[n, g*ocg+o, y, x] = b + sum_{c,i,j} xpad[n, g*icg+c, y*sh + i*dh, x*sw + j*dw] * w[g*ocg+o, c, i, j]"""
    w = p["weight"]
    n, cin, h, wd = x.shape
    cout, icg, kh, kw = w.shape
    sh, sw = pair(cfg["stride"])
    ph, pw = pair(cfg["padding"])
    dh, dw = pair(cfg["dilation"])
    g = cfg["groups"]
    ocg = cout // g
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    xp = np.zeros((n, cin, h + 2 * ph, wd + 2 * pw))
    xp[:, :, ph:ph + h, pw:pw + wd] = x
    out = np.zeros((n, g, ocg, oh, ow))
    wg = w.reshape(g, ocg, icg, kh, kw)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw]
            patch = patch.reshape(n, g, icg, oh, ow)
            out += np.einsum("ngchw,goc->ngohw", patch, wg[:, :, :, i, j])
    out = out.reshape(n, cout, oh, ow)
    if "bias" in p:
        out += p["bias"].reshape(1, -1, 1, 1)
    return out


def conv_transpose2d(x, p, cfg):
    """Each input pixel scatters x[n, g*icg+c, y, x] * w[g*icg+c, o, i, j] into
    out[n, g*ocg+o, y*sh - ph + i*dh, x*sw - pw + j*dw]."""
    w = p["weight"]
    n, cin, h, wd = x.shape
    _, ocg, kh, kw = w.shape
    g = cfg["groups"]
    icg = cin // g
    cout = ocg * g
    sh, sw = pair(cfg["stride"])
    ph, pw = pair(cfg["padding"])
    dh, dw = pair(cfg["dilation"])
    oph, opw = pair(cfg["output_padding"])
    oh = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1
    ow = (wd - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1
    full = np.zeros((n, g, ocg, (h - 1) * sh + dh * (kh - 1) + 1 + oph, (wd - 1) * sw + dw * (kw - 1) + 1 + opw))
    xg = x.reshape(n, g, icg, h, wd)
    wg = w.reshape(g, icg, ocg, kh, kw)
    for i in range(kh):
        for j in range(kw):
            full[:, :, :, i * dh:i * dh + sh * (h - 1) + 1:sh, j * dw:j * dw + sw * (wd - 1) + 1:sw] += \
                np.einsum("ngchw,gco->ngohw", xg, wg[:, :, :, i, j])
    out = full[:, :, :, ph:ph + oh, pw:pw + ow].reshape(n, cout, oh, ow)
    if "bias" in p:
        out = out + p["bias"].reshape(1, -1, 1, 1)
    return out


def batch_norm(x, p, cfg):
    """Returns (output, new running stats or None)."""
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    eps = cfg["eps"]
    if cfg.get("training", True):
        mean = x.mean(axis=axes)
        var = x.var(axis=axes)
        count = x.size // x.shape[1]
        m = cfg["momentum"]
        running = {
            "running_mean": (1 - m) * p["running_mean"] + m * mean,
            "running_var": (1 - m) * p["running_var"] + m * var * count / (count - 1),
        }
    else:
        mean, var, running = p["running_mean"], p["running_var"], None
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    if cfg.get("affine", True):
        y = y * p["weight"].reshape(shape) + p["bias"].reshape(shape)
    return y, running


def relu(x, p, cfg):
    return np.maximum(x, 0)


def leaky_relu(x, p, cfg):
    return np.where(x > 0, x, cfg["negative_slope"] * x)


def prelu(x, p, cfg):
    w = p["weight"]
    a = w.reshape((1, -1) + (1,) * (x.ndim - 2)) if w.size > 1 else w.reshape(())
    return np.where(x > 0, x, a * x)


def tanh(x, p, cfg):
    return np.tanh(x)


def sigmoid(x, p, cfg):
    return 1 / (1 + np.exp(-x))


def pool_output_size(size, k, s, pad, ceil):
    """PyTorch's pooling_output_shape: with ceil_mode the last window must start inside the
    input or its left padding."""
    num = size + 2 * pad - (k - 1) - 1 + (s - 1 if ceil else 0)
    out = num // s + 1
    if ceil and (out - 1) * s >= size + pad:
        out -= 1
    return out


def pool_geometry(x, cfg):
    kh, kw = pair(cfg["kernel_size"])
    stride = cfg.get("stride")
    sh, sw = pair(stride) if stride is not None else (kh, kw)
    ph, pw = pair(cfg.get("padding", 0))
    ceil = cfg.get("ceil_mode", False)
    oh = pool_output_size(x.shape[2], kh, sh, ph, ceil)
    ow = pool_output_size(x.shape[3], kw, sw, pw, ceil)
    return kh, kw, sh, sw, ph, pw, oh, ow


def max_pool2d(x, p, cfg):
    kh, kw, sh, sw, ph, pw, oh, ow = pool_geometry(x, cfg)
    n, c, h, w = x.shape
    out = np.empty((n, c, oh, ow))
    for y in range(oh):
        for xx in range(ow):
            h0, w0 = y * sh - ph, xx * sw - pw
            window = x[:, :, max(h0, 0):min(h0 + kh, h), max(w0, 0):min(w0 + kw, w)]
            out[:, :, y, xx] = window.max(axis=(2, 3))  # padding is -inf: never the max
    return out


def avg_pool2d(x, p, cfg):
    kh, kw, sh, sw, ph, pw, oh, ow = pool_geometry(x, cfg)
    include_pad = cfg.get("count_include_pad", True)
    n, c, h, w = x.shape
    out = np.zeros((n, c, oh, ow))
    for y in range(oh):
        for xx in range(ow):
            h0, w0 = y * sh - ph, xx * sw - pw
            h1, w1 = min(h0 + kh, h + ph), min(w0 + kw, w + pw)
            pool_size = (h1 - h0) * (w1 - w0)  # the window clipped to the padded input
            h0, w0, h1, w1 = max(h0, 0), max(w0, 0), min(h1, h), min(w1, w)
            if h0 >= h1 or w0 >= w1:
                continue
            divisor = pool_size if include_pad else (h1 - h0) * (w1 - w0)
            out[:, :, y, xx] = x[:, :, h0:h1, w0:w1].sum(axis=(2, 3)) / divisor
    return out


def global_avg_pool2d(x, p, cfg):
    return x.mean(axis=(2, 3), keepdims=True)


def upsample_nearest(x, p, cfg):
    sh, sw = pair(cfg["scale_factor"])
    return np.repeat(np.repeat(x, sh, axis=2), sw, axis=3)


def flatten(x, p, cfg):
    start = cfg["start_dim"]
    return x.reshape(x.shape[:start] + (-1,))


def embedding(indices, p, cfg):
    return p["weight"][indices]


def l2_normalize(x, p, cfg):
    norm = np.sqrt((x * x).sum(axis=cfg["dim"], keepdims=True))
    return x / np.maximum(norm, cfg["eps"])


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def cross_entropy(x, t, cfg):
    s = cfg.get("label_smoothing", 0.0)
    logp = log_softmax(x)
    nll = -logp[np.arange(len(t)), t]
    smooth = -logp.mean(axis=1)
    return ((1 - s) * nll + s * smooth).mean()


def bce_with_logits(x, t, cfg):
    return (np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))).mean()


def mse(x, t, cfg):
    return ((x - t) ** 2).mean()


def smooth_l1(x, t, cfg):
    beta = cfg["beta"]
    d = np.abs(x - t)
    return np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta).mean()


def poisson_nll(x, t, cfg):
    return (np.exp(x) - t * x).mean()


def triplet_terms(x, labels, margin):
    """Per anchor: (hardest positive index, hardest negative index, d_pos - d_neg + margin)."""
    e = x / np.maximum(np.sqrt((x * x).sum(axis=1, keepdims=True)), 1e-12)
    diff = e[:, None, :] - e[None, :, :]
    d = np.sqrt((diff * diff).sum(axis=2))
    terms = []
    for a in range(len(labels)):
        pos = [j for j in range(len(labels)) if labels[j] == labels[a] and j != a]
        neg = [j for j in range(len(labels)) if labels[j] != labels[a]]
        jp = max(pos, key=lambda j: d[a, j])
        jn = min(neg, key=lambda j: d[a, j])
        terms.append((pos, neg, jp, jn, d[a], d[a, jp] - d[a, jn] + margin))
    return terms


def triplet_batch_hard(x, t, cfg):
    terms = triplet_terms(x, t, cfg["margin"])
    return np.mean([max(h, 0.0) for *_, h in terms])


# ----------------------------------------------------------------------------------------
# Closed-form gradients, used where they are one line, and checked against differences
# ----------------------------------------------------------------------------------------

def linear_grads(x, p, cfg, go):
    grads = {"weight": go.T @ x}
    if "bias" in p:
        grads["bias"] = go.sum(axis=0)
    return go @ p["weight"], grads


def elementwise_grads(derivative):
    return lambda x, p, cfg, go: (go * derivative(x, cfg), {})


def prelu_grads(x, p, cfg, go):
    w = p["weight"]
    a = w.reshape((1, -1) + (1,) * (x.ndim - 2)) if w.size > 1 else w.reshape(())
    gx = np.where(x > 0, go, a * go)
    contribution = np.where(x > 0, 0, x * go)
    gw = contribution.sum(axis=tuple(i for i in range(x.ndim) if i != 1)) if w.size > 1 else contribution.sum()
    return gx, {"weight": np.asarray(gw).reshape(w.shape)}


def cross_entropy_grad(x, t, cfg):
    s = cfg.get("label_smoothing", 0.0)
    n, c = x.shape
    prob = np.exp(log_softmax(x))
    onehot = np.zeros_like(x)
    onehot[np.arange(n), t] = 1
    return (prob - (1 - s) * onehot - s / c) / n


ANALYTIC_LOSS_GRADS = {
    "cross_entropy": cross_entropy_grad,
    "bce_with_logits": lambda x, t, cfg: (sigmoid(x, None, cfg) - t) / x.size,
    "mse": lambda x, t, cfg: 2 * (x - t) / x.size,
    "smooth_l1": lambda x, t, cfg: np.where(np.abs(x - t) < cfg["beta"], (x - t) / cfg["beta"],
                                            np.sign(x - t)) / x.size,
    "poisson_nll": lambda x, t, cfg: (np.exp(x) - t) / x.size,
}

LOSSES = {
    "cross_entropy": cross_entropy, "bce_with_logits": bce_with_logits, "mse": mse,
    "smooth_l1": smooth_l1, "poisson_nll": poisson_nll, "triplet_batch_hard": triplet_batch_hard,
}


# ----------------------------------------------------------------------------------------
# Finite differences and case writing
# ----------------------------------------------------------------------------------------

def finite_difference(f, x):
    """Central differences of the scalar f at x (float64), element by element."""
    x = x.copy()
    g = np.zeros_like(x)
    flat, gflat = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + STEP
        up = f(x)
        flat[i] = keep - STEP
        down = f(x)
        flat[i] = keep
        gflat[i] = (up - down) / (2 * STEP)
    return g


def check_close(name, analytic, numeric):
    scale = np.maximum(np.abs(analytic), 1)
    error = (np.abs(analytic - numeric) / scale).max() if analytic.size else 0.0
    if error > 1e-6:
        raise AssertionError(f"{name}: analytic and finite-difference gradients differ by {error:.3g}")


class Writer:
    def __init__(self, path):
        self.file = h5py.File(path, "w", libver="latest")
        self.count = 0
        self.layers = set()

    def close(self):
        self.file.close()

    def _group(self, name, layer, config, provenance):
        if name in self.file:
            raise ValueError(f"duplicate case name {name}")
        g = self.file.create_group(name)
        g.attrs["layer"] = layer
        g.attrs["config"] = json.dumps(config, sort_keys=True)
        g.attrs["gradients"] = provenance
        self.count += 1
        self.layers.add(layer)
        return g

    @staticmethod
    def _put(g, path, value, dtype=np.float32):
        g.create_dataset(path, data=np.asarray(value, dtype=dtype))

    def layer(self, name, layer, config, forward, x, params, rng, analytic=None, trainable=None):
        """A layer case: forward, backward with a random grad_output, finite differences for
        the input and every trainable parameter."""
        integer_input = np.issubdtype(np.asarray(x).dtype, np.integer)
        x = np.asarray(x, dtype=np.int64) if integer_input else f32(x)
        params = {k: f32(v) for k, v in params.items()}
        if trainable is None:
            trainable = [k for k in params if not k.startswith("running_")]

        def run(xx, pp):
            result = forward(xx, pp, config)
            return result if isinstance(result, tuple) else (result, None)

        y, running = run(x, params)
        go = f32(rng.standard_normal(y.shape))

        def objective(xx, pp):
            return float((run(xx, pp)[0] * go).sum())

        grad_input = None if integer_input else finite_difference(lambda v: objective(v, params), x)
        grads = {k: finite_difference(lambda v, k=k: objective(x, {**params, k: v}), params[k]) for k in trainable}
        provenance = "finite differences"
        if analytic is not None:
            a_input, a_grads = analytic(x, params, config, go)
            check_close(f"{name}/grad_input", a_input, grad_input)
            for k in trainable:
                check_close(f"{name}/grads/{k}", a_grads[k], grads[k])
            grad_input, grads = a_input, a_grads
            provenance = "analytic (checked by finite differences)"

        g = self._group(name, layer, config, provenance)
        self._put(g, "input", x, np.int64 if integer_input else np.float32)
        for k, v in params.items():
            self._put(g, f"params/{k}", v)
        self._put(g, "grad_output", go)
        self._put(g, "output", y)
        if grad_input is not None:
            self._put(g, "grad_input", grad_input)
        for k in trainable:
            self._put(g, f"grads/{k}", grads[k])
        if running is not None:
            for k, v in running.items():
                self._put(g, f"expected_running/{k}", v)

    def loss(self, name, layer, config, x, target):
        loss = LOSSES[layer]
        x = f32(x)
        integer_target = np.issubdtype(np.asarray(target).dtype, np.integer)
        target = np.asarray(target, dtype=np.int64) if integer_target else f32(target)
        value = loss(x, target, config)
        grad = finite_difference(lambda v: loss(v, target, config), x)
        provenance = "finite differences"
        if layer in ANALYTIC_LOSS_GRADS:
            analytic = ANALYTIC_LOSS_GRADS[layer](x, target, config)
            check_close(f"{name}/grad_input", analytic, grad)
            grad = analytic
            provenance = "analytic (checked by finite differences)"
        g = self._group(name, layer, config, provenance)
        self._put(g, "input", x)
        self._put(g, "target", target, np.int64 if integer_target else np.float32)
        self._put(g, "output", np.float32(value))
        self._put(g, "grad_input", grad)


# ----------------------------------------------------------------------------------------
# Inputs away from kinks
# ----------------------------------------------------------------------------------------

def away_from_zero(rng, shape, low=0.1, high=2.0):
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, high, size=shape)


def distinct(rng, shape, gap=0.05):
    """Values that differ pairwise by at least `gap`: no ties in any pooling window."""
    n = int(np.prod(shape))
    values = (np.arange(n) - n / 2) * gap + rng.uniform(0, gap / 4, size=n)
    return rng.permutation(values).reshape(shape)


def conv_params(rng, cout, cin_per_group, kernel, bias=True):
    kh, kw = pair(kernel)
    bound = 1 / np.sqrt(cin_per_group * kh * kw)
    p = {"weight": rng.uniform(-bound, bound, size=(cout, cin_per_group, kh, kw)) * 2}
    if bias:
        p["bias"] = rng.uniform(-bound, bound, size=cout)
    return p


def triplet_batch(rng, labels, dim, margin):
    """Embeddings whose hardest positives and negatives are unique and whose hinges are
    clearly on or off (several of each), so the loss is smooth around them."""
    for _ in range(10000):
        x = rng.standard_normal((len(labels), dim))
        terms = triplet_terms(f32(x), labels, margin)
        ok = True
        for pos, neg, jp, jn, d, h in terms:
            others_p = sorted(d[j] for j in pos)
            others_n = sorted(d[j] for j in neg)
            if len(others_p) > 1 and others_p[-1] - others_p[-2] < 0.02:
                ok = False
            if len(others_n) > 1 and others_n[1] - others_n[0] < 0.02:
                ok = False
            if abs(h) < 0.02:
                ok = False
        active = sum(1 for *_, h in terms if h > 0)
        if ok and 0 < active < len(labels):
            return x
    raise RuntimeError("no suitable triplet batch found")


# ----------------------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------------------

def conv_config(cin, cout, kernel, stride=1, padding=0, dilation=1, groups=1, bias=True):
    return {"in_channels": cin, "out_channels": cout, "kernel_size": kernel, "stride": stride,
            "padding": padding, "dilation": dilation, "groups": groups, "bias": bias,
            "padding_mode": "zeros"}


def make_cases(w, rng):
    # Linear.
    for name, bias in [("linear", True), ("linear_no_bias", False)]:
        cfg = {"in_features": 4, "out_features": 3, "bias": bias}
        p = {"weight": rng.uniform(-0.5, 0.5, (3, 4))}
        if bias:
            p["bias"] = rng.uniform(-0.5, 0.5, 3)
        w.layer(name, "linear", cfg, linear, rng.standard_normal((5, 4)), p, rng, analytic=linear_grads)

    # Convolution: stride, padding, dilation, groups, rectangular sizes, no bias.
    conv_cases = [
        ("conv2d_k3_pad1", conv_config(3, 4, 3, padding=1), (2, 3, 5, 5)),
        ("conv2d_stride2_pad1", conv_config(2, 3, 3, stride=2, padding=1), (2, 2, 7, 6)),
        ("conv2d_rect_kernel_stride_padding", conv_config(2, 3, [2, 3], stride=[2, 1], padding=[0, 1]), (1, 2, 6, 5)),
        ("conv2d_dilation2", conv_config(2, 2, 3, padding=2, dilation=2), (1, 2, 6, 6)),
        ("conv2d_dilation_rect", conv_config(2, 3, [3, 2], stride=[1, 2], padding=[1, 0], dilation=[2, 1]), (2, 2, 6, 7)),
        ("conv2d_groups2", conv_config(4, 6, 3, padding=1, groups=2), (2, 4, 4, 4)),
        ("conv2d_depthwise", conv_config(3, 6, 3, stride=2, padding=1, groups=3), (1, 3, 5, 5)),
        ("conv2d_1x1_no_bias", conv_config(3, 2, 1, bias=False), (2, 3, 3, 4)),
    ]
    for name, cfg, shape in conv_cases:
        p = conv_params(rng, cfg["out_channels"], cfg["in_channels"] // cfg["groups"], cfg["kernel_size"], cfg["bias"])
        w.layer(name, "conv2d", cfg, conv2d, rng.standard_normal(shape), p, rng)

    # Transposed convolution: weight [in, out/groups, kh, kw].
    def tconv_config(cin, cout, kernel, stride=1, padding=0, output_padding=0, groups=1, dilation=1, bias=True):
        return {"in_channels": cin, "out_channels": cout, "kernel_size": kernel, "stride": stride,
                "padding": padding, "output_padding": output_padding, "groups": groups, "bias": bias,
                "dilation": dilation, "padding_mode": "zeros"}

    tconv_cases = [
        ("conv_transpose2d_stride2", tconv_config(3, 2, 3, stride=2, padding=1), (2, 3, 3, 3)),
        ("conv_transpose2d_stride2_output_padding1", tconv_config(2, 3, 3, stride=2, padding=1, output_padding=1),
         (1, 2, 3, 4)),
        ("conv_transpose2d_k2_stride2", tconv_config(2, 2, 2, stride=2), (2, 2, 3, 3)),
        ("conv_transpose2d_groups2", tconv_config(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
         (1, 4, 3, 3)),
        ("conv_transpose2d_rect_dilation", tconv_config(2, 2, [2, 3], stride=[2, 1], padding=[1, 0],
                                                        output_padding=[1, 0], dilation=[1, 2]), (1, 2, 3, 3)),
        ("conv_transpose2d_no_bias", tconv_config(2, 3, 3, stride=1, padding=1, bias=False), (1, 2, 4, 4)),
    ]
    for name, cfg, shape in tconv_cases:
        g = cfg["groups"]
        p = conv_params(rng, cfg["in_channels"], cfg["out_channels"] // g, cfg["kernel_size"], False)
        if cfg["bias"]:
            p["bias"] = rng.uniform(-0.3, 0.3, cfg["out_channels"])
        w.layer(name, "conv_transpose2d", cfg, conv_transpose2d, rng.standard_normal(shape), p, rng)

    # Batch norm: training (batch statistics, running update) and eval (running statistics).
    def bn_params(c, affine=True):
        p = {"running_mean": rng.uniform(-0.5, 0.5, c), "running_var": rng.uniform(0.5, 2.0, c)}
        if affine:
            p = {"weight": rng.uniform(0.5, 1.5, c), "bias": rng.uniform(-0.5, 0.5, c), **p}
        return p

    def bn_config(c, training, momentum=0.1, affine=True, eps=1e-5):
        return {"num_features": c, "eps": eps, "momentum": momentum, "affine": affine,
                "track_running_stats": True, "training": training}

    bn_cases = [
        ("batch_norm1d_train_2d", "batch_norm1d", bn_config(3, True), (6, 3)),
        ("batch_norm1d_train_3d", "batch_norm1d", bn_config(2, True, momentum=0.3), (3, 2, 4)),
        ("batch_norm1d_eval", "batch_norm1d", bn_config(3, False), (4, 3)),
        ("batch_norm2d_train", "batch_norm2d", bn_config(3, True), (2, 3, 3, 3)),
        ("batch_norm2d_train_momentum_eps", "batch_norm2d", bn_config(2, True, momentum=0.5, eps=1e-3), (3, 2, 2, 3)),
        ("batch_norm2d_eval", "batch_norm2d", bn_config(3, False), (2, 3, 3, 2)),
        ("batch_norm2d_train_no_affine", "batch_norm2d", bn_config(2, True, affine=False), (2, 2, 3, 3)),
    ]
    for name, layer, cfg, shape in bn_cases:
        x = rng.standard_normal(shape) * 1.5 + rng.uniform(-1, 1)
        w.layer(name, layer, cfg, batch_norm, x, bn_params(cfg["num_features"], cfg["affine"]), rng)

    # Activations, inputs away from 0.
    w.layer("relu", "relu", {}, relu, away_from_zero(rng, (2, 3, 2, 2)), {}, rng,
            analytic=elementwise_grads(lambda x, c: (x > 0).astype(float)))
    w.layer("leaky_relu", "leaky_relu", {"negative_slope": 0.1}, leaky_relu, away_from_zero(rng, (3, 5)), {}, rng,
            analytic=elementwise_grads(lambda x, c: np.where(x > 0, 1.0, c["negative_slope"])))
    w.layer("prelu_per_channel", "prelu", {"num_parameters": 3}, prelu, away_from_zero(rng, (2, 3, 2, 2)),
            {"weight": rng.uniform(0.05, 0.4, 3)}, rng, analytic=prelu_grads)
    w.layer("prelu_shared", "prelu", {"num_parameters": 1}, prelu, away_from_zero(rng, (4, 3)),
            {"weight": [0.25]}, rng, analytic=prelu_grads)
    w.layer("tanh", "tanh", {}, tanh, rng.standard_normal((3, 4)) * 1.5, {}, rng,
            analytic=elementwise_grads(lambda x, c: 1 - np.tanh(x) ** 2))
    w.layer("sigmoid", "sigmoid", {}, sigmoid, rng.standard_normal((2, 2, 3)) * 2, {}, rng,
            analytic=elementwise_grads(lambda x, c: sigmoid(x, None, c) * (1 - sigmoid(x, None, c))))

    # Pooling: distinct values, so every window has one clear maximum.
    max_cases = [
        ("max_pool2d_k2", {"kernel_size": 2, "stride": None, "padding": 0, "ceil_mode": False}, (2, 2, 4, 4)),
        ("max_pool2d_k3_stride2_pad1", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": False}, (1, 2, 5, 6)),
        ("max_pool2d_ceil_mode", {"kernel_size": 2, "stride": 2, "padding": 0, "ceil_mode": True}, (1, 2, 5, 5)),
        ("max_pool2d_ceil_mode_pad1", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, (1, 1, 6, 6)),
        ("max_pool2d_rect", {"kernel_size": [2, 3], "stride": [1, 2], "padding": [1, 1], "ceil_mode": False},
         (1, 2, 4, 5)),
    ]
    for name, cfg, shape in max_cases:
        w.layer(name, "max_pool2d", cfg, max_pool2d, distinct(rng, shape), {}, rng)
    avg_cases = [
        ("avg_pool2d_k2", {"kernel_size": 2, "stride": None, "padding": 0, "ceil_mode": False,
                           "count_include_pad": True}, (2, 2, 4, 4)),
        ("avg_pool2d_pad1_include_pad", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": False,
                                         "count_include_pad": True}, (1, 2, 5, 5)),
        ("avg_pool2d_pad1_exclude_pad", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": False,
                                         "count_include_pad": False}, (1, 2, 5, 5)),
        ("avg_pool2d_ceil_mode", {"kernel_size": 2, "stride": 2, "padding": 0, "ceil_mode": True,
                                  "count_include_pad": True}, (1, 2, 5, 5)),
        ("avg_pool2d_ceil_mode_pad_exclude", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True,
                                              "count_include_pad": False}, (1, 1, 6, 6)),
        ("avg_pool2d_ceil_mode_pad_include", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True,
                                              "count_include_pad": True}, (1, 1, 6, 6)),
        ("avg_pool2d_rect", {"kernel_size": [3, 2], "stride": [2, 1], "padding": [1, 0], "ceil_mode": False,
                             "count_include_pad": False}, (1, 2, 5, 4)),
    ]
    for name, cfg, shape in avg_cases:
        w.layer(name, "avg_pool2d", cfg, avg_pool2d, rng.standard_normal(shape), {}, rng)
    w.layer("global_avg_pool2d", "global_avg_pool2d", {"output_size": 1}, global_avg_pool2d,
            rng.standard_normal((2, 3, 3, 4)), {}, rng)

    # Shape layers.
    w.layer("upsample_nearest_2", "upsample_nearest", {"scale_factor": 2, "mode": "nearest"}, upsample_nearest,
            rng.standard_normal((1, 2, 2, 3)), {}, rng)
    w.layer("upsample_nearest_rect", "upsample_nearest", {"scale_factor": [3, 2], "mode": "nearest"},
            upsample_nearest, rng.standard_normal((2, 1, 2, 2)), {}, rng)
    w.layer("flatten", "flatten", {"start_dim": 1, "end_dim": -1}, flatten, rng.standard_normal((2, 3, 2, 2)), {}, rng)
    w.layer("flatten_start_dim2", "flatten", {"start_dim": 2, "end_dim": -1}, flatten,
            rng.standard_normal((2, 3, 2, 2)), {}, rng)

    # Embedding (repeated indices: the weight gradient accumulates).
    w.layer("embedding", "embedding", {"num_embeddings": 7, "embedding_dim": 4}, embedding,
            np.array([[1, 3, 6], [3, 0, 1]], dtype=np.int64), {"weight": rng.standard_normal((7, 4))}, rng)

    # L2 normalization.
    w.layer("l2_normalize", "l2_normalize", {"p": 2, "dim": 1, "eps": 1e-12}, l2_normalize,
            rng.standard_normal((3, 5)), {}, rng)
    w.layer("l2_normalize_4d", "l2_normalize", {"p": 2, "dim": 1, "eps": 1e-12}, l2_normalize,
            rng.standard_normal((2, 3, 2, 2)), {}, rng)

    # Losses (mean reduction).
    w.loss("cross_entropy", "cross_entropy", {"label_smoothing": 0.0, "reduction": "mean"},
           rng.standard_normal((4, 5)) * 2, np.array([0, 3, 4, 3]))
    w.loss("cross_entropy_label_smoothing", "cross_entropy", {"label_smoothing": 0.1, "reduction": "mean"},
           rng.standard_normal((5, 3)) * 2, np.array([2, 0, 1, 1, 2]))
    w.loss("bce_with_logits", "bce_with_logits", {"reduction": "mean"}, rng.standard_normal((3, 4)) * 2,
           rng.uniform(0, 1, (3, 4)).round(1))
    w.loss("mse", "mse", {"reduction": "mean"}, rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3, 2)))
    for name, beta in [("smooth_l1", 1.0), ("smooth_l1_beta0.5", 0.5)]:
        target = rng.standard_normal((3, 4))
        # |input - target| in (0.05, 0.8)·beta (quadratic part) or (1.2, 3)·beta (linear part).
        magnitude = np.where(rng.uniform(size=(3, 4)) < 0.5, rng.uniform(0.05 * beta, 0.8 * beta, (3, 4)),
                             rng.uniform(1.2 * beta, 3 * beta, (3, 4)))
        diff = rng.choice([-1.0, 1.0], size=(3, 4)) * magnitude
        w.loss(name, "smooth_l1", {"beta": beta, "reduction": "mean"}, target + diff, target)
    w.loss("poisson_nll", "poisson_nll", {"log_input": True, "full": False, "reduction": "mean"},
           rng.standard_normal((3, 4)) * 0.8, rng.poisson(1.5, (3, 4)).astype(float))
    labels = np.array([0, 1, 0, 2, 1, 2, 0])
    w.loss("triplet_batch_hard", "triplet_batch_hard", {"margin": 0.2},
           triplet_batch(rng, labels, 4, 0.2), labels)
    labels = np.array([1, 1, 0, 0, 1, 0])
    w.loss("triplet_batch_hard_margin0.5", "triplet_batch_hard", {"margin": 0.5},
           triplet_batch(rng, labels, 3, 0.5), labels)


ALL_LAYERS = {
    "linear", "conv2d", "conv_transpose2d", "batch_norm1d", "batch_norm2d", "relu", "leaky_relu", "prelu", "tanh",
    "sigmoid", "max_pool2d", "avg_pool2d", "global_avg_pool2d", "upsample_nearest", "flatten", "embedding",
    "l2_normalize", "cross_entropy", "bce_with_logits", "mse", "smooth_l1", "poisson_nll", "triplet_batch_hard",
}


def self_check(rng):
    """Cross-checks between forwards written separately: a transposed convolution is the
    adjoint of the convolution with the same weight, <conv2d(x), y> = <x, conv_transpose2d(y)>."""
    for stride, padding, dilation, groups, size in [(1, 1, 1, 1, 5), (2, 1, 1, 1, 6), ([2, 1], [0, 1], [1, 2], 2, 7)]:
        cfg = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
        x = rng.standard_normal((2, 4, size, size + 1))
        weight = rng.standard_normal((6, 4 // groups, 3, 2))
        y = conv2d(x, {"weight": weight}, cfg)
        g = rng.standard_normal(y.shape)
        # The output padding makes the transposed output exactly x's size.
        (sh, sw), (ph, pw), (dh, dw) = pair(stride), pair(padding), pair(dilation)
        oph = x.shape[2] - ((y.shape[2] - 1) * sh - 2 * ph + dh * 2 + 1)
        opw = x.shape[3] - ((y.shape[3] - 1) * sw - 2 * pw + dw * 1 + 1)
        back = conv_transpose2d(g, {"weight": weight}, {**cfg, "output_padding": [oph, opw]})
        assert back.shape == x.shape, (back.shape, x.shape)
        lhs, rhs = (y * g).sum(), (x * back).sum()
        assert abs(lhs - rhs) <= 1e-9 * max(1.0, abs(lhs)), ("adjoint check failed", lhs, rhs)


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    self_check(np.random.default_rng(7))
    writer = Writer(output)
    try:
        make_cases(writer, np.random.default_rng(20240601))
    finally:
        writer.close()
    missing = ALL_LAYERS - writer.layers
    if missing:
        raise SystemExit(f"no case for {sorted(missing)}")
    print(f"wrote {writer.count} cases covering {len(writer.layers)} layers to {output} "
          f"({os.path.getsize(output) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
