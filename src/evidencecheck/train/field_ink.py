"""Reproducible training of the field-ink model: ``evidencecheck train fields``.

Training data: generated signed-delivery proofs (``synth.receipt``) of seed ``SEEDS["train"]``;
calibration and validation: ``SEEDS["validation"]``; the benchmark uses fresh seeds. Each field
is cut from the photographed page, turned upright, around the blank the generator filled (the
band the field finder would take around its line, each edge moved a little at random, and cleaned
of other rows' ink by the finder's own lines and :func:`~evidencecheck.checks.fields.cut_field`),
and labelled with what the generator put there: handwriting, print, or nothing.

Training never sees the fields of a withheld receipt layout (``synth.generate.WITHHELD``), of a
print font (:data:`HELD_OUT_FONTS`) or of a pen (:data:`HELD_OUT_PENS`); validation and the
benchmark report accuracy on them apart, as the measure of fields unlike those trained on.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .. import thresholds as T
from ..checks.fields import cut_field
from ..learned.field_ink import MODEL_PATH, N_CUES, STATES, FieldInkModel, field_cues, save_model
from ..learned.mlp import fit_temperature, train_mlp
from ..synth import receipt
from ..synth.generate import SEEDS, WITHHELD, make_one
from ..text.blanks import Rule, field_on_line, find_rules, nearest_rule
from ..vision.context import AnalysisContext
from ..vision.geometry import rotate_box
from ..vision.intake import decode_image

CACHE = Path(__file__).resolve().parents[3] / ".cache" / "field_cues"
HELD_OUT_FONTS = ("noto_serif",)
"""Print fonts no training field is printed in. Not the Kai font: it is the one print that imitates
a brush, the hard negative the model must see (withheld, its fields were 0.80 right, issue 21)."""
HELD_OUT_PENS = ("black_gel",)
"""Pens no training field is written with."""
EXTRA_PRINTED = 600
"""Fully printed receipts added to the training set after the first ``n``: otherwise print is a sixth
of the fields, and the print fonts vary more than the pens."""


def printed_receipts(n: int, count: int) -> range:
    """The indices of the first ``count`` fully printed receipts from index ``n`` on (the generator
    takes receipt variants in turn, so every sixth one)."""
    step = len(receipt.VARIANTS)
    start = n + (receipt.VARIANTS.index("fully_printed") - n) % step
    return range(start, start + step * count, step)


@dataclass
class FieldSet:
    x: np.ndarray  # (n, N_CUES)
    y: np.ndarray  # index into STATES
    font: np.ndarray  # the print font of the field's page (str)
    pen: np.ndarray  # the pen of the field's page (str)
    layout: np.ndarray  # the receipt's layout (str)

    def subset(self, keep: np.ndarray) -> "FieldSet":
        return FieldSet(self.x[keep], self.y[keep], self.font[keep], self.pen[keep], self.layout[keep])

    def join(self, other: "FieldSet") -> "FieldSet":
        return FieldSet(*(np.concatenate([getattr(self, k), getattr(other, k)])
                          for k in ("x", "y", "font", "pen", "layout")))

    def held_out_ink(self) -> np.ndarray:
        """Fields whose ink comes from a withheld font (printed) or pen (handwritten)."""
        st = np.asarray(STATES)[self.y]
        return (((st == "printed") & np.isin(self.font, HELD_OUT_FONTS))
                | ((st == "handwritten") & np.isin(self.pen, HELD_OUT_PENS)))

    def held_out_layout(self) -> np.ndarray:
        return np.isin(self.layout, withheld_layouts())

    def held_out(self) -> np.ndarray:
        """Fields no training may see: a withheld layout's, font's or pen's."""
        return self.held_out_ink() | self.held_out_layout()


def withheld_layouts() -> list[str]:
    """Receipt layouts of ``synth.generate.WITHHELD``."""
    return sorted(v for k, v in WITHHELD if k == "express_receipt")


def receipt_fields(seed: int, index: int) -> list[tuple[np.ndarray, int, str, str, str]]:
    """Cues, state, print font, pen and layout of every field of generated receipt ``index`` of ``seed``."""
    _, data, row = make_one(seed, index, kinds=("express_receipt",))
    ctx = AnalysisContext(decode_image(data, full_size=True))  # truth boxes are in the file's pixels
    k = int(row.get("meta", {}).get("rotation_k") or 0)
    ctx.set_rotation(k)
    # The page the field finder works on in the pipeline, and the lines it would find there.
    up = ctx.page(T.PAGE_OCR_LONG_SIDE)  # as the page read sees it
    s = up.scale
    page = np.ascontiguousarray(up.pixels[:, :, 2])
    rules = find_rules(page)
    upright = ctx.upright_original
    rng = np.random.default_rng([seed, index, 7])
    grid = row["meta"].get("layout") in ("grid", "table")  # blanks that are cells of a ruled table
    out = []
    for f in row["fields"]:
        x, y, w, h = rotate_box(tuple(f["box"]), -k, ctx.width, ctx.height)
        # The generator's blank: its line under the ink (a grid cell's bottom line), and the height
        # of the page's printed text as the OCR boxes it (from the generator's sizes: a blank's
        # box is 1.75 handwriting heights, about 2.1 text heights; a grid cell about 2.5).
        base = y + h if grid else y + h * 1.45 / 1.75
        lh = h / (2.5 if grid else 2.1)
        # The field as the finder has it, on the page it works on, from the blank's line (found there,
        # or where the generator drew it), each edge then moved by a little.
        dx0, dx1 = rng.uniform(-0.06, 0.06, 2) * w
        dy0, dy1 = rng.uniform(-0.25, 0.25, 2) * lh
        x0, x1 = s * (x + dx0), s * (x + w + dx1)
        rule = (nearest_rule(rules, (x0 + x1) / 2, s * base, s * lh)
                or Rule(int(x0), int(x1), (x0 + x1) / 2, s * base, 0.0))
        region = field_on_line(f["name"], rule, x0, x1, "", s * lh, rules, *page.shape[:2])
        bx, by, bw, bh = region.box
        top, bottom = max(0, by + s * dy0), min(page.shape[0], by + bh + s * dy1)
        if bw < 8 * s or bottom - top < 8 * s:
            continue
        region = replace(region, box=(bx, int(top), bw, int(bottom - top)))
        cut = cut_field(upright, region, s)
        if cut is not None:
            out.append((field_cues(*cut), STATES.index(f["state"]),
                        row["meta"].get("fill_font", ""), row["meta"].get("pen", ""), row["meta"].get("layout", "")))
    return out


def _task(args):
    return receipt_fields(*args)


def _source_key() -> str:
    root = Path(__file__).resolve().parents[1]  # the package
    h = hashlib.sha1()
    for p in sorted([root / "learned" / "field_ink.py", root / "train" / "field_ink.py", root / "vision" / "intake.py",
                     root / "vision" / "geometry.py", root / "text" / "blanks.py", root / "checks" / "fields.py",
                     root / "vision" / "context.py", root / "vision" / "masks.py",
                     *(root / "synth").glob("*.py")]):
        h.update(p.read_bytes())
    h.update(repr({k: v for k, v in vars(T).items() if k.startswith("FIELD_") or k == "PAGE_OCR_LONG_SIDE"}).encode())
    return h.hexdigest()[:12]


def build_fields(seed: int, indices: range, jobs: int = 2, progress=None) -> FieldSet:
    """The fields of generated receipts ``indices`` of ``seed`` (cached under ``.cache/field_cues``)."""
    path = CACHE / f"fields_{seed}_{indices.start}-{indices.stop}-{indices.step}_{_source_key()}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as a:
            return FieldSet(a["x"], a["y"], a["font"], a["pen"], a["layout"])
    rows = []
    with ProcessPoolExecutor(jobs) as pool:
        for fields in pool.map(_task, [(seed, i) for i in indices], chunksize=4):
            rows += fields
            progress and progress(1)
    fs = FieldSet(np.array([r[0] for r in rows], np.float32).reshape(-1, N_CUES), np.array([r[1] for r in rows]),
                  np.array([r[2] for r in rows]), np.array([r[3] for r in rows]), np.array([r[4] for r in rows]))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=fs.x, y=fs.y, font=fs.font, pen=fs.pen, layout=fs.layout)
    return fs


def evaluate(model: FieldInkModel, fs: FieldSet) -> dict:
    """Accuracy, per-state recall and the confusion matrix (rows truth, columns predicted)."""
    pred = model.model.proba(fs.x).argmax(axis=1) if len(fs.y) else np.zeros(0, int)
    conf = np.zeros((len(STATES), len(STATES)), int)
    for t, p in zip(fs.y, pred):
        conf[t, p] += 1
    return {"n": int(len(fs.y)), "accuracy": float((pred == fs.y).mean()) if len(fs.y) else None,
            "recall": {s: float(conf[i, i] / conf[i].sum()) for i, s in enumerate(STATES) if conf[i].sum()},
            "confusion": conf.tolist()}


def train_fields(n: int = 1200, val_n: int = 300, jobs: int = 2, progress=None, out: Path = MODEL_PATH) -> dict:
    """Train, calibrate and save the field-ink model, never on the withheld fields
    (:meth:`FieldSet.held_out`); returns its measurements, the withheld fields' apart."""
    train = build_fields(SEEDS["train"], range(n), jobs, progress)
    train = train.join(build_fields(SEEDS["train"], printed_receipts(n, EXTRA_PRINTED), jobs, progress))
    val = build_fields(SEEDS["validation"], range(val_n), jobs, progress)
    train = train.subset(~train.held_out())
    mlp = train_mlp(train.x, train.y, len(STATES), hidden=48, epochs=80, seed=0)
    seen = val.subset(~val.held_out())
    mlp.temperature = fit_temperature(mlp, seen.x, seen.y)
    model = FieldInkModel(mlp)
    withheld = {"fonts": list(HELD_OUT_FONTS), "pens": list(HELD_OUT_PENS), "layouts": withheld_layouts()}
    result = {"train_receipts": n, "extra_printed": EXTRA_PRINTED, "train_fields": int(len(train.y)), "val_receipts": val_n,
              "temperature": mlp.temperature, "withheld": withheld, "validation": evaluate(model, val),
              "validation_seen": evaluate(model, seen),
              "validation_withheld_layouts": evaluate(model, val.subset(val.held_out_layout())),
              "validation_withheld_fonts_and_pens": evaluate(model, val.subset(val.held_out_ink() & ~val.held_out_layout()))}
    state = np.asarray(STATES)[val.y]
    for font in HELD_OUT_FONTS:
        result[f"withheld_font_{font}"] = evaluate(model, val.subset((state == "printed") & (val.font == font)))
    for pen in HELD_OUT_PENS:
        result[f"withheld_pen_{pen}"] = evaluate(model, val.subset((state == "handwritten") & (val.pen == pen)))
    save_model(out, mlp, {"train_seed": SEEDS["train"], "train_receipts": n, "extra_printed": EXTRA_PRINTED,
                          "val_seed": SEEDS["validation"], "withheld": withheld,
                          "val_receipts": val_n, "validation": result["validation"], "source_key": _source_key()})
    out.with_suffix(".md").write_text(model_card(result), encoding="utf-8")
    return result


def format_result(result: dict) -> str:
    lines = [f"trained on {result['train_fields']} fields of {result['train_receipts']} + {result['extra_printed']} "
             f"fully printed receipts, calibrated on "
             f"{result['val_receipts']} receipts (temperature {result['temperature']:.2f})"]
    for key, e in result.items():
        if isinstance(e, dict) and "accuracy" in e:
            acc = "n/a" if e["accuracy"] is None else f"{e['accuracy']:.4f}"
            lines.append(f"{key.replace('_', ' ')}: accuracy {acc} on {e['n']} fields; recall "
                         + ", ".join(f"{s} {v:.4f}" for s, v in e["recall"].items()))
            lines.append(f"  confusion (rows truth, columns predicted; {', '.join(STATES)}): {e['confusion']}")
    return "\n".join(lines)


def model_card(result: dict) -> str:
    return f"""# field_ink.npz: is a fill-in field handwritten, printed or empty

What: a multilayer perceptron (cues -> 48 ReLU units -> 3 states), numpy arrays in an npz file
(loads with `allow_pickle=False`), temperature-calibrated.
Input: `evidencecheck.learned.field_ink.field_cues` of one field crop: ink amount, ink colour and grain,
stroke width and its spread, character heights and baseline wander, ink through the line, stroke
directions, lean, and exact glyph repetition.

Rebuild: `evidencecheck train fields` (defaults: 1200 training receipts, 300 validation receipts).
Training data: `evidencecheck.synth` receipts 0..{result["train_receipts"] - 1} of seed {SEEDS["train"]}
(made with `kinds=("express_receipt",)`) and the next {result["extra_printed"]} fully printed ones of that seed
(`train.field_ink.printed_receipts`), every field, cut as the field finder would cut it around its
line, its box moved a little at random.
Withheld from training (never seen; reported apart here and by the benchmark): receipt layouts
{result["withheld"]["layouts"]}, print fonts {result["withheld"]["fonts"]}, pens {result["withheld"]["pens"]}.
Calibration and validation: seed {SEEDS["validation"]}. The benchmark measures it, through the
field finder, on fresh seeds.

Validation (seed {SEEDS["validation"]}):

```
{format_result(result)}
```

Limits: trained on generated handwriting (stroke medians of hanzi-writer-data, written carefully
or hurried, with simulated ballpoint, gel and felt-tip pens in black, blue or blue-black) and on
the fonts the generator has; real hands, stamps of text and carbon copies look different: on real
filled-in forms about half the handwritten fill-ins are called handwritten
(`scripts/measure_real_form_fields.py`, docs/real-images/README.md).
"""
