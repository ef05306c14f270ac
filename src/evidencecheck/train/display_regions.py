"""Reproducible training of the display-region model (``models/display_regions.onnx``):
``evidencecheck train display-regions``.

A small fully convolutional network that marks, on the display finder's copy of a photo
(``T.DISPLAY_LONG_SIDE`` long), every 8 x 8 cell inside a digital display: a scale's, or any
device's. Training data: the generator with seed ``SEEDS["display_train"]`` (the generator's
withheld branches left out), 256 px crops around and away from each display, turned by quarter
turns at random; validation: seed ``SEEDS["display_validation"]``. Needs the ``train`` extra (JAX
for the gradients, onnx to write the file); the analysis runs the file with OpenCV's dnn module.
"""

from __future__ import annotations

import hashlib
import inspect
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import thresholds as T
from ..learned.shipped import CHECKOUT_MODELS
from ..synth.generate import SEEDS, is_withheld, make_one
from ..vision.context import AnalysisContext
from ..vision.display_regions import CELL, LAYERS, MEAN, MODEL_NAME
from ..vision.intake import decode_image

CACHE = Path(__file__).resolve().parents[3] / ".cache" / "display_regions"
KINDS = ("weighing_photo", "waybill", "weighing_photo", "express_receipt", "other")
"""Two weighing photos in five images: displays are a small part of the pixels even there."""
CROP = 256
"""Training crop side (px of the finder's copy): a display 30-250 px long with the scale round it."""
CROPS_ON, CROPS_OFF = 2, 2
"""Per image: crops holding part of the display, and crops anywhere (most of them hold none)."""


@dataclass
class CropSet:
    x: np.ndarray  # (n, CROP, CROP, 3) uint8 BGR
    y: np.ndarray  # (n, CROP // CELL, CROP // CELL) float32: 1 display, 0 not, -1 its edge (not scored)
    kind: np.ndarray  # (n,) doc type of the crop's image


def cell_targets(box: tuple[float, float, float, float] | None, h: int, w: int) -> np.ndarray:
    """(h // CELL, w // CELL) targets for a display at ``box`` (x, y, w, h in px): 1 for cells
    wholly inside, 0 for cells wholly outside, -1 for cells the box's edge crosses."""
    t = np.zeros((h // CELL, w // CELL), np.float32)
    if box is None:
        return t
    x, y, bw, bh = box
    x0, y0, x1, y1 = x / CELL, y / CELL, (x + bw) / CELL, (y + bh) / CELL
    gy, gx = np.mgrid[0:t.shape[0], 0:t.shape[1]]
    touches = (gx + 1 > x0) & (gx < x1) & (gy + 1 > y0) & (gy < y1)
    inside = (gx >= x0) & (gx + 1 <= x1) & (gy >= y0) & (gy + 1 <= y1)
    t[touches] = -1.0
    t[inside] = 1.0
    return t


def image_crops(seed: int, index: int) -> tuple[np.ndarray, np.ndarray, str] | None:
    """The training crops of generated image ``index`` of ``seed`` (None: a withheld branch)."""
    _, data, row = make_one(seed, index, KINDS)
    if is_withheld(row):
        return None
    ctx = AnalysisContext(decode_image(data, full_size=True))  # truth boxes are in the file's pixels
    ctx.bgr(T.QUALITY_LONG_SIDE)  # the pipeline's path to the finder's copy
    copy = ctx.bgr_at(T.DISPLAY_LONG_SIDE)
    img = copy.pixels
    box = row.get("display_box")
    if box is not None:
        box = tuple(v * copy.scale for v in box)
    pad_h, pad_w = max(0, CROP - img.shape[0]), max(0, CROP - img.shape[1])
    if pad_h or pad_w:  # a wide screenshot: grey beyond the picture, as nothing
        img = np.pad(img, ((0, pad_h), (0, pad_w), (0, 0)), constant_values=128)
    h, w = img.shape[:2]
    full = cell_targets(box, h - h % CELL, w - w % CELL)
    rng = np.random.default_rng([seed, index, 7])
    xs, ys = [], []
    for j in range(CROPS_ON + CROPS_OFF):
        if j < CROPS_ON and box is not None:  # the crop holds the display's centre, anywhere in it
            cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
            x0 = int(np.clip(cx - rng.uniform(0.15, 0.85) * CROP, 0, w - CROP))
            y0 = int(np.clip(cy - rng.uniform(0.15, 0.85) * CROP, 0, h - CROP))
        else:
            x0, y0 = int(rng.integers(0, w - CROP + 1)), int(rng.integers(0, h - CROP + 1))
        x0, y0 = x0 - x0 % CELL, y0 - y0 % CELL
        xs.append(img[y0:y0 + CROP, x0:x0 + CROP])
        ys.append(full[y0 // CELL:(y0 + CROP) // CELL, x0 // CELL:(x0 + CROP) // CELL])
    return np.stack(xs), np.stack(ys), row["doc_type"]


def _crops_task(args):
    return image_crops(*args)


def _source_key() -> str:
    """What the crops depend on: the generator, decoding, the finder's copy and how crops are cut."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha1()
    for p in sorted([root / "vision" / "intake.py", root / "vision" / "context.py", *(root / "synth").glob("*.py")]):
        h.update(p.read_bytes())
    h.update((inspect.getsource(image_crops) + inspect.getsource(cell_targets)).encode())
    h.update(f"{T.QUALITY_LONG_SIDE} {T.DISPLAY_LONG_SIDE} {KINDS} {CROP} {CROPS_ON} {CROPS_OFF} {CELL}".encode())
    return h.hexdigest()[:12]


def build_crops(seed: int, n: int, jobs: int = 2, progress=None) -> CropSet:
    """The crops of ``n`` generated images of ``seed`` (cached under ``.cache/display_regions``)."""
    path = CACHE / f"crops_{seed}_{n}_{_source_key()}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as a:
            return CropSet(a["x"], a["y"], a["kind"])
    xs, ys, kinds = [], [], []
    with ProcessPoolExecutor(jobs) as pool:
        for got in pool.map(_crops_task, [(seed, i) for i in range(n)], chunksize=4):
            progress and progress(1)
            if got is None:
                continue
            xs.append(got[0])
            ys.append(got[1])
            kinds += [got[2]] * len(got[0])
    cs = CropSet(np.concatenate(xs), np.concatenate(ys), np.array(kinds))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=cs.x, y=cs.y, kind=cs.kind)
    return cs


# ---- the network, its training and its file -------------------------------------------------

STEPS = 3000
BATCH = 16
LEARNING_RATE = 2e-3
POSITIVE_WEIGHT = 2.0
"""Display cells are about 2% of the cells: each counts three times a cell outside one."""


def init_params(seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """He-initialised (HWIO kernel, bias) pairs for :data:`LAYERS` and the 1 x 1 output."""
    rng = np.random.default_rng(seed)
    params, c_in = [], 3
    for c_out, _, _ in LAYERS:
        w = rng.normal(0, np.sqrt(2.0 / (9 * c_in)), (3, 3, c_in, c_out)).astype(np.float32)
        params.append((w, np.zeros(c_out, np.float32)))
        c_in = c_out
    params.append((rng.normal(0, np.sqrt(1.0 / c_in), (1, 1, c_in, 1)).astype(np.float32),
                   np.full(1, -3.0, np.float32)))  # start near "no display": most cells are none
    return params


def _forward(params, x):
    """Logits (n, h // CELL, w // CELL) of images x (n, h, w, 3) already scaled as MEAN says."""
    import jax
    import jax.numpy as jnp

    for (w, b), (_, dilation, pool) in zip(params[:-1], LAYERS):
        x = jax.lax.conv_general_dilated(x, w, (1, 1), "SAME", rhs_dilation=(dilation, dilation),
                                         dimension_numbers=("NHWC", "HWIO", "NHWC")) + b
        x = jnp.maximum(x, 0.0)
        if pool:
            x = jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
    w, b = params[-1]
    return (jnp.einsum("nhwc,co->nhwo", x, w[0, 0]) + b)[..., 0]


def _loss(params, x, y):
    import jax.numpy as jnp

    z = _forward(params, x)
    scored = y >= 0
    weight = jnp.where(y > 0.5, POSITIVE_WEIGHT, 1.0) * scored
    bce = jnp.maximum(z, 0) - z * jnp.clip(y, 0, 1) + jnp.log1p(jnp.exp(-jnp.abs(z)))
    return (bce * weight).sum() / weight.sum()


def augment(rng: np.random.Generator, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A batch as real photos vary it beyond the generator: any quarter turn, the colour channels
    in any order or grey (displays are red, green, blue, grey-green...), contrast, brightness,
    blur and noise. x uint8 (n, h, w, 3) -> float32 scaled as MEAN says; y turned alike."""
    xs, ys = [], []
    for img, t in zip(x, y):
        k = int(rng.integers(4))
        img, t = np.rot90(img, k), np.rot90(t, k)
        img = img[..., rng.permutation(3)].astype(np.float32)
        if rng.random() < 0.2:
            img = np.repeat(img.mean(axis=2, keepdims=True), 3, axis=2)
        img = (img - img.mean()) * rng.uniform(0.6, 1.3) + img.mean() + rng.uniform(-30, 30)
        if rng.random() < 0.3:
            import cv2

            img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.5))
        img = img + rng.normal(0, rng.uniform(0, 6), img.shape)
        xs.append((np.clip(img, 0, 255) - MEAN) / 255.0)
        ys.append(t)
    return np.stack(xs).astype(np.float32), np.stack(ys).astype(np.float32)


def fit(train: CropSet, steps: int = STEPS, seed: int = 0, progress=None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Adam on :func:`_loss`, cosine-decayed learning rate, batches drawn with ``seed``."""
    import jax
    import jax.numpy as jnp

    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in init_params(seed)]
    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)

    @jax.jit
    def step(params, m, v, x, y, lr, t):
        loss, g = jax.value_and_grad(_loss)(params, x, y)
        m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
        params = jax.tree_util.tree_map(
            lambda p, a, b: p - lr * (a / (1 - 0.9 ** t)) / (jnp.sqrt(b / (1 - 0.999 ** t)) + 1e-8), params, m, v)
        return params, m, v, loss

    rng = np.random.default_rng(seed)
    for t in range(1, steps + 1):
        pick = rng.integers(0, len(train.x), BATCH)
        x, y = augment(rng, train.x[pick], train.y[pick])
        lr = LEARNING_RATE * 0.5 * (1 + np.cos(np.pi * t / steps))
        params, m, v, loss = step(params, m, v, x, y, lr, t)
        progress and progress(1, float(loss))
    return [(np.asarray(w), np.asarray(b)) for w, b in params]


def predict(params, x: np.ndarray, batch: int = 32) -> np.ndarray:
    """Certainty per cell (n, h // CELL, w // CELL) of uint8 crops x, unaugmented."""
    import jax

    fwd = jax.jit(_forward)
    out = []
    for i in range(0, len(x), batch):
        z = np.asarray(fwd(params, (x[i:i + batch].astype(np.float32) - MEAN) / 255.0))
        out.append(1.0 / (1.0 + np.exp(-z)))
    return np.concatenate(out)


def evaluate(heat: np.ndarray, cs: CropSet, threshold: float = 0.5) -> dict:
    """Per cell: precision and recall of display cells at ``threshold``; per crop: the share of
    crops with a display that fire (any cell >= threshold), and of crops without one, by kind."""
    scored = cs.y >= 0
    on, truth = heat >= threshold, cs.y > 0.5
    tp = (on & truth & scored).sum()
    has = truth.any(axis=(1, 2))
    fires = on.any(axis=(1, 2))
    figures = {"cell_precision": float(tp / max(1, (on & scored).sum())), "cell_recall": float(tp / max(1, truth.sum())),
               "crops_with_display_fire": float(fires[has].mean()), "crops_with_display": int(has.sum())}
    for kind in sorted(set(cs.kind.tolist())):
        sel = (cs.kind == kind) & ~has
        figures[f"fire_without_display:{kind}"] = float(fires[sel].mean()) if sel.any() else None
    return figures


def write_onnx(params, path: Path) -> None:
    """The network as an ONNX file OpenCV's dnn module runs: input ``image`` (1, 3, h, w), BGR
    scaled as MEAN says; output ``logits`` (1, 1, h // CELL, w // CELL)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits, x = [], [], "image"
    for i, ((w, b), (_, dilation, pool)) in enumerate(zip(params[:-1], LAYERS)):
        inits += [numpy_helper.from_array(np.transpose(w, (3, 2, 0, 1)).copy(), f"w{i}"),
                  numpy_helper.from_array(b, f"b{i}")]
        nodes.append(helper.make_node("Conv", [x, f"w{i}", f"b{i}"], [f"c{i}"], kernel_shape=[3, 3],
                                      dilations=[dilation, dilation], pads=[dilation] * 4))
        nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"]))
        x = f"r{i}"
        if pool:
            nodes.append(helper.make_node("MaxPool", [x], [f"p{i}"], kernel_shape=[2, 2], strides=[2, 2]))
            x = f"p{i}"
    w, b = params[-1]
    inits += [numpy_helper.from_array(np.transpose(w, (3, 2, 0, 1)).copy(), "wout"), numpy_helper.from_array(b, "bout")]
    nodes.append(helper.make_node("Conv", [x, "wout", "bout"], ["logits"], kernel_shape=[1, 1]))
    graph = helper.make_graph(nodes, "display_regions",
                              [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, "h", "w"])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1, "hc", "wc"])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="evidencecheck")
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))


def train(n: int = 2000, val_n: int = 400, steps: int = STEPS, jobs: int = 2, progress=None,
          out: Path = CHECKOUT_MODELS / MODEL_NAME) -> dict:
    """Build the crops, fit, measure on the validation seed, write the model and its card."""
    started = time.time()
    train_set = build_crops(SEEDS["display_train"], n, jobs, progress)
    val_set = build_crops(SEEDS["display_validation"], val_n, jobs, progress)
    params = fit(train_set, steps, progress=lambda k, loss: progress and progress(k))
    heat = predict(params, val_set.x)
    figures = {"n": n, "val_n": val_n, "steps": steps, "crops": int(len(train_set.x)),
               "weights": int(sum(w.size + b.size for w, b in params)),
               "validation": {f"{th:.2f}": evaluate(heat, val_set, th) for th in (0.3, 0.5, 0.7)},
               "minutes": round((time.time() - started) / 60, 1)}
    write_onnx(params, out)
    out.with_suffix(".md").write_text(model_card(figures, out.name))
    return figures


def format_figures(figures: dict) -> str:
    lines = [f"trained on {figures['crops']} crops of {figures['n']} images, {figures['steps']} steps "
             f"({figures['minutes']} min); validation seed {SEEDS['display_validation']}, {figures['val_n']} images:"]
    for th, f in figures["validation"].items():
        kinds = " ".join(f"{k.split(':')[1]}={v:.3f}" for k, v in f.items() if k.startswith("fire_without") and v is not None)
        lines.append(f"threshold {th}: cells precision {f['cell_precision']:.3f} recall {f['cell_recall']:.3f}; "
                     f"crops with a display that fire {f['crops_with_display_fire']:.3f} (n={f['crops_with_display']}); "
                     f"crops without one that fire: {kinds}")
    return "\n".join(lines)


def model_card(figures: dict, name: str) -> str:
    return f"""# {name}: where a photo shows a digital display

What: a fully convolutional network (`evidencecheck.vision.display_regions.LAYERS`: {len(LAYERS)} convolutions
(3 x 3) of {min(c for c, _, _ in LAYERS)}-{max(c for c, _, _ in LAYERS)} channels, dilated up to {max(d for _, d, _ in LAYERS)},
{sum(p for _, _, p in LAYERS)} 2 x 2 poolings, a 1 x 1 output; {figures['weights']:,} weights) that gives, for every 8 x 8 cell of the display finder's {T.DISPLAY_LONG_SIDE} px copy, how sure it is
that the cell lies inside a digital display. ONNX (opset 13), run by OpenCV's dnn module.
Written by `evidencecheck train display-regions` (this card too; needs the `train` extra):
{figures['n']} generated images of seed `SEEDS["display_train"]` (two weighing photos in five, the
other kinds' devices' displays counted as displays, the generator's withheld branches left out),
{CROPS_ON} crops of {CROP} px around each display and {CROPS_OFF} anywhere, augmented with quarter turns,
colour channels in any order or grey, contrast, blur and noise (`train.display_regions.augment`);
Adam, {figures['steps']} steps of {BATCH} crops, display cells weighted {POSITIVE_WEIGHT}.
The weight reader looks closer at the places it marks where no other row gave a weight
(docs/checks.md, "Scale weights"); the benchmark measures that on fresh seeds and real images.
It is no input of the kind model: on real photos it also marks print (docs/checks.md).

Validation (generated, seed `SEEDS["display_validation"]`, crops made as for training, not augmented):

```
{format_figures(figures)}
```
"""
