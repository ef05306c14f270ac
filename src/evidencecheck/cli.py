"""The command line: parses arguments, calls the library, prints. No logic of its own."""

from __future__ import annotations

import json
import os
import signal
import sys

import click

from . import __version__
from . import thresholds as T
from .case import TICKETS
from .errors import EvidenceCheckError
from .ocr import ENGINES
from .render import render_batch, render_case, render_composition
from .report import json_schema
from .synth import KINDS

# The analysis (OpenCV, the checks, the models) is imported inside the commands that analyse:
# `--help` and `schema` start without it.


class _Commands(click.Group):
    """Every command's set-up or usage error (a missing program or data file, a bad rules file)
    is printed as its message, with its exit status, never as a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EvidenceCheckError as e:
            click.echo(f"evidencecheck: {e.message}", err=True)
            sys.exit(e.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidencecheck")
def main() -> None:
    """Check the photo evidence of a marketplace after-sale dispute, offline."""


@main.command()
@click.argument("images", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, readable=False))
@click.option("--ticket", default=None, metavar="TYPE",
              help=f"The work order's type ({', '.join(TICKETS)}, or one the rules file adds); "
                   "the evidence is judged against it.")
@click.option("--tracking", default=None, metavar="NUMBER", help="The order's tracking number: the evidence must show it.")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A work-order rules file (TOML) in place of the built-in one.")
@click.option("--json", "as_json", is_flag=True, help="Print the evidencecheck/1 JSON report.")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False), default=None,
              help="Also write each image with what was found drawn on it into this folder.")
@click.option("--ocr", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="OCR engine: auto uses RapidOCR when installed, else Tesseract.")
def check(images: tuple[str, ...], ticket: str | None, tracking: str | None, rules_file: str | None,
          as_json: bool, annotate_dir: str | None, ocr: str) -> None:
    """Check IMAGE... as the evidence of one work order.

    Exit status: 0 when the verdict is pass or warn, 1 when fail, 2 on a usage error.
    """
    from .case.rules import load_rules
    from .pipeline import Predictor

    try:
        case = Predictor(ocr=ocr, rules=load_rules(rules_file)).check(images, ticket=ticket, tracking=tracking)
    except EvidenceCheckError as e:
        click.echo(f"evidencecheck: {e.message}", err=True)
        sys.exit(e.exit_code)
    if annotate_dir is not None:
        from .annotate import annotate_case

        written = annotate_case(case, annotate_dir)
        click.echo(f"annotated images: {len(written)} in {annotate_dir}", err=True)
    click.echo(case.to_json() if as_json else render_case(case))
    sys.exit(case.exit_code)


def _kinds(kinds: str) -> tuple[str, ...]:
    """The doc types named in ``kinds`` (comma-separated); a usage error for none or an unknown one."""
    chosen = tuple(k.strip() for k in kinds.split(",") if k.strip())
    unknown = [k for k in chosen if k not in KINDS]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown kind(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(KINDS)}",
                                 param_hint="--kinds")
    return chosen


@main.command()
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--n", "n", type=click.IntRange(1, 1_000_000), default=100, show_default=True, help="How many images.")
@click.option("--seed", type=int, required=True, help="Same seed, same bytes.")
@click.option("--kinds", default=",".join(KINDS), show_default=True,
              help="Comma-separated doc types to make, in rotation.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores")
def synth(out: str, n: int, seed: int, kinds: str, jobs: int) -> None:
    """Write N labelled synthetic evidence images and truth.jsonl into OUT."""
    from .synth.generate import generate

    chosen = _kinds(kinds)
    with click.progressbar(length=n, label=f"generating {n} images", file=sys.stderr) as bar:
        generate(out, n, seed, chosen, jobs, progress=lambda row: bar.update(1))
    click.echo(f"{n} images and truth.jsonl written to {out}")


@main.command()
@click.option("--n", "n", type=click.IntRange(1, 100000), default=200, show_default=True,
              help="How many fresh synthetic images to generate and check.")
@click.option("--seed", type=int, default=None,
              help="Generator seed; default: a new one each run. Seeds reserved for training are refused.")
@click.option("--real", "real", type=click.Path(exists=True, file_okay=False), multiple=True,
              help="Also score a folder of real images with a truth.tsv (e.g. ../shared/real-dev); repeatable.")
@click.option("--out", type=click.Path(file_okay=False), default="bench-out", show_default=True,
              help="Where the generated images and bench.json go.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores")
@click.option("--speed-n", type=click.IntRange(0, 1000), default=10, show_default=True,
              help="Also time intake, the quality gate and classification on this many 12 MP photos (0: skip).")
@click.option("--ocr", type=click.Choice(ENGINES), default="auto", show_default=True)
@click.option("--kinds", default=",".join(KINDS), show_default=True,
              help="Comma-separated doc types to generate, in rotation (e.g. weighing_photo: the weight "
                   "reader's calibration seeds).")
@click.option("--photo-side", type=click.IntRange(480, 8000), default=None,
              help="Every camera photo this many pixels long (4000: 12 MP, as phones take them); "
                   "default: 1000-4000 at random. Chat copies and screenshots stay small.")
def bench(n: int, seed: int | None, real: tuple[str, ...], out: str, jobs: int, speed_n: int, ocr: str,
          kinds: str, photo_side: int | None) -> None:
    """Score the whole pipeline on fresh synthetic evidence (and real photos), and time it."""
    from pathlib import Path

    from .bench import format_speed, format_table, fresh_seed, run_bench

    try:
        seed = fresh_seed(seed)
    except EvidenceCheckError as e:
        raise click.BadParameter(e.message, param_hint="--seed") from None
    chosen = _kinds(kinds)
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    with click.progressbar(length=2 * n, label=f"bench: generating and checking {n} images", file=sys.stderr) as bar:
        result = run_bench(n, seed, outdir, jobs, [Path(r) for r in real], ocr, speed_n,
                           progress=lambda _: bar.update(1), kinds=chosen, photo_side=photo_side)
    click.echo(format_table(result["synthetic"], result.get("real"), seed))
    if "speed" in result:
        click.echo("\n" + format_speed(result["speed"]["stages"], speed_n, result["speed"]["seed"]))
    click.echo(f"\nwritten: {outdir / 'bench.json'}")


@main.command("bench-batch")
@click.option("--n", "n", type=click.IntRange(4, 100000), default=1000, show_default=True, help="Generated images.")
@click.option("--cases", type=click.IntRange(1, 100000), default=250, show_default=True, help="Cases they form.")
@click.option("--seed", type=int, default=None, help="Generator seed; default: a new one each run.")
@click.option("--jobs", "jobs_list", default="1,2", show_default=True, help="Worker counts to time, comma-separated.")
@click.option("--out", type=click.Path(file_okay=False), default="bench-batch-out", show_default=True)
@click.option("--ocr", type=click.Choice(ENGINES), default="auto", show_default=True)
@click.option("--cluster", is_flag=True, help="Also time each worker count on a local Dask cluster (extra 'cluster').")
def bench_batch(n: int, cases: int, seed: int | None, jobs_list: str, out: str, ocr: str, cluster: bool) -> None:
    """Time batch screening of fresh generated cases with each worker count: wall time, images per
    second, and the workers' peak memory; with --cluster, the Dask path beside the local pool."""
    from pathlib import Path

    from .bench import format_batch_bench, fresh_seed, run_batch_bench

    try:
        seed = fresh_seed(seed)
        jobs = [int(j) for j in jobs_list.split(",") if j.strip()]
    except (EvidenceCheckError, ValueError) as e:
        raise click.BadParameter(str(getattr(e, "message", e))) from None
    Path(out).mkdir(parents=True, exist_ok=True)
    runs = len(jobs) * (2 if cluster else 1)
    with click.progressbar(length=n * runs, label=f"bench-batch: {n} images x {runs} runs", file=sys.stderr) as bar:
        result = run_batch_bench(n, cases, seed, Path(out), jobs, ocr, progress=lambda images, _: bar.update(images),
                                 cluster=cluster)
    click.echo(format_batch_bench(result))


@main.command("bench-speed")
@click.option("--n", "n", type=click.IntRange(1, 200), default=6, show_default=True,
              help="Fresh 12 MP photos of each kind (each also recompressed small).")
@click.option("--seed", type=int, default=None, help="Generator seed; default: a new one each run.")
@click.option("--repeats", type=click.IntRange(1, 10), default=3, show_default=True,
              help="Warm runs per photo; the fastest counts.")
@click.option("--cold-runs", type=click.IntRange(1, 20), default=3, show_default=True,
              help="New `evidencecheck check` processes per kind.")
@click.option("--out", type=click.Path(file_okay=False), default="bench-speed-out", show_default=True)
@click.option("--ocr", type=click.Choice(ENGINES), default="auto", show_default=True)
def bench_speed(n: int, seed: int | None, repeats: int, cold_runs: int, out: str, ocr: str) -> None:
    """Time the analysis per photo, warm (models loaded) and cold (a new `check` process), with
    peak memory, on fresh 12 MP photos of every kind and small recompressed copies."""
    from pathlib import Path

    from .bench import fresh_seed
    from .bench_speed import format_speed_bench, run_speed_bench

    try:
        seed = fresh_seed(seed)
    except EvidenceCheckError as e:
        raise click.BadParameter(e.message) from None
    outdir = Path(out)
    result = run_speed_bench(n, seed, outdir, repeats, cold_runs, ocr,
                             say=lambda what: click.echo(f"bench-speed (seed {seed}): {what} ...", err=True))
    (outdir / "bench-speed.json").write_text(json.dumps(result, indent=2))
    click.echo(format_speed_bench(result))
    click.echo(f"\nwritten: {outdir / 'bench-speed.json'}")


@main.command("bench-serve")
@click.option("--requests", "n_requests", type=click.IntRange(1, 1000), default=40, show_default=True,
              help="Requests sent at once.")
@click.option("--photos", "photos_per_request", type=click.IntRange(1, 12), default=3, show_default=True,
              help="Photos per request.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--long-side", type=click.IntRange(480, 8000), default=1800, show_default=True,
              help="The load's photos' long side (px).")
@click.option("--first-card-n", type=click.IntRange(0, 100), default=3, show_default=True,
              help="Also time the first card for one 12 MP photo this many times (0: skip).")
@click.option("--browser", is_flag=True,
              help="Also time the first card in the page itself, in Debian's headless chromium (needs the dev extra).")
@click.option("--seed", type=int, default=None, help="Generator seed; default: a new one each run.")
@click.option("--out", type=click.Path(file_okay=False), default="bench-serve-out", show_default=True)
def bench_serve(n_requests: int, photos_per_request: int, workers: int, long_side: int, first_card_n: int,
                browser: bool, seed: int | None, out: str) -> None:
    """Start `evidencecheck serve` on loopback and load it: REQUESTS requests of PHOTOS generated
    photos each, all at once (none may be lost or mixed up), then the time to the first card."""
    from pathlib import Path

    from .bench import fresh_seed, make_photos
    from .serve.load import first_card_in_browser, format_load, run_load, start_server, stop_server, time_first_card

    try:
        seed = fresh_seed(seed)
    except EvidenceCheckError as e:
        raise click.BadParameter(e.message, param_hint="--seed") from None
    outdir = Path(out)
    sources = [p for i, kind in enumerate(("waybill", "receipt", "weighing"))
               for p in make_photos(outdir / kind, 2, seed + i, long_side, kind)]
    big = make_photos(outdir / "12mp", 1, seed + 3, 4000, "receipt")[0] if first_card_n else None
    proc, base = start_server(workers)
    try:
        load = run_load(base, sources, n_requests, photos_per_request, workers).summary()
        first = time_first_card(base, big, first_card_n) if big is not None else None
        if first is not None and browser:
            first["browser_s"] = first_card_in_browser(base, big, first_card_n)
    finally:
        stop_server(proc)
    click.echo(f"bench-serve · seed {seed}")
    click.echo(format_load(load, first))
    (outdir / "bench-serve.json").write_text(json.dumps({"seed": seed, "load": load, "first_card": first}, indent=2))
    sys.exit(1 if load["lost"] or load["mixed_up"] else 0)


@main.group()
def train() -> None:
    """Rebuild the models in models/ from generated data (fixed seeds: same data, same model)."""


@train.command("classifier")
@click.option("--n", "n", type=click.IntRange(50, 100000), default=2400, show_default=True, help="Training images.")
@click.option("--val-n", type=click.IntRange(20, 100000), default=600, show_default=True, help="Validation images.")
@click.option("--holdout", is_flag=True, help="Withhold some generator branches and report accuracy on them; saves nothing.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores")
def train_classifier_cmd(n: int, val_n: int, holdout: bool, jobs: int) -> None:
    """Train the appearance model (models/doc_classifier.npz): one vote in the doc type."""
    from .train.appearance import format_training, train_classifier

    with click.progressbar(length=n + val_n, label="cues of generated images", file=sys.stderr) as bar:
        result = train_classifier(n, val_n, jobs, holdout, progress=bar.update)
    click.echo(format_training(result))


@train.command("doc-kind")
@click.option("--n", "n", type=click.IntRange(40, 100000), default=800, show_default=True, help="Training images.")
@click.option("--val-n", type=click.IntRange(20, 100000), default=400, show_default=True, help="Validation images.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores")
def train_doc_kind_cmd(n: int, val_n: int, jobs: int) -> None:
    """Train the doc-type decision over all evidence (models/doc_kind.npz): the page's words,
    barcodes, seals, displays and the appearance model's vote."""
    from .train.doc_type import format_figures, train

    with click.progressbar(length=n + val_n, label="evidence of generated images", file=sys.stderr) as bar:
        figures = train(n, val_n, jobs, progress=bar.update)
    click.echo(format_figures(figures))


@train.command("display-regions")
@click.option("--n", "n", type=click.IntRange(20, 100000), default=2000, show_default=True, help="Training images.")
@click.option("--val-n", type=click.IntRange(20, 100000), default=400, show_default=True, help="Validation images.")
@click.option("--steps", type=click.IntRange(1, 1000000), default=None, help="Training steps  [default: the recipe's]")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores")
def train_display_regions_cmd(n: int, val_n: int, steps: int, jobs: int) -> None:
    """Train the display-region model (models/display_regions.onnx): where a photo shows a digital
    display. Needs the train extra (pip install evidencecheck[train])."""
    try:
        import jax  # noqa: F401
        import onnx  # noqa: F401
    except ImportError as e:
        raise click.ClickException(f"{e.name} is missing: install the train extra (pip install -e '.[train]')") from e
    from .train.display_regions import STEPS, format_figures, train as train_regions

    steps = steps or STEPS
    with click.progressbar(length=n + val_n + steps, label="crops, then steps", file=sys.stderr) as bar:
        figures = train_regions(n, val_n, steps, jobs, progress=bar.update)
    click.echo(format_figures(figures))


@train.command("fields")
@click.option("--n", "n", type=click.IntRange(20, 100000), default=1200, show_default=True, help="Training receipts.")
@click.option("--val-n", type=click.IntRange(20, 100000), default=300, show_default=True, help="Validation receipts.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores")
def train_fields_cmd(n: int, val_n: int, jobs: int) -> None:
    """Train the field-ink model (models/field_ink.npz), never on a withheld layout, font or pen."""
    from .train.field_ink import EXTRA_PRINTED, format_result, train_fields

    with click.progressbar(length=n + EXTRA_PRINTED + val_n, label="fields of generated receipts", file=sys.stderr) as bar:
        result = train_fields(n, val_n, jobs, progress=bar.update)
    click.echo(format_result(result))


@main.command()
@click.argument("images", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, readable=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The upload image to write (JPEG).")
@click.option("--long-side", type=click.IntRange(512, 16384), default=4096, show_default=True,
              help="The upload's long side at most (px).")
@click.option("--max-mb", type=click.FloatRange(0.2, 100), default=4.0, show_default=True,
              help="The upload's size at most (MB, 10^6 bytes).")
@click.option("--no-check", is_flag=True, help="Do not check the tiles again on the upload.")
@click.option("--ocr", type=click.Choice(ENGINES), default="auto", show_default=True)
def compose(images: tuple[str, ...], output: str, long_side: int, max_mb: float, no_check: bool, ocr: str) -> None:
    """Combine IMAGE... into one upload image, each labelled with what it is.

    Each tile is then cut from the upload and checked again: the tracking numbers, the seals'
    companies and the weights must read as on the originals. Exit status 1 when something no
    longer reads.
    """
    from .case.compose import compose_files
    from .pipeline import Predictor

    try:
        result = compose_files(list(images), Predictor(ocr=ocr), long_side, int(max_mb * 1e6), not no_check)
    except EvidenceCheckError as e:
        click.echo(f"evidencecheck: {e.message}", err=True)
        sys.exit(e.exit_code)
    c = result.composition
    with open(output, "wb") as f:
        f.write(c.jpeg)
    click.echo(render_composition(result, output))
    sys.exit(1 if any(t.lost for t in result.checks) else 0)


@main.command()
@click.argument("source", type=click.Path(exists=True))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="Where the results database, the reports and the annotated images go.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores",
              help="Worker processes.")
@click.option("--ticket", default=None, metavar="TYPE", help="The ticket type of every case that does not name one.")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A work-order rules file (TOML) in place of the built-in one.")
@click.option("--ocr", type=click.Choice(ENGINES), default="auto", show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(1, None), default=T.BATCH_IMAGE_TIMEOUT_S,
              show_default=True, metavar="SECONDS",
              help="Longest one image may take; one that runs past it twice is reported as CHECK_FAILED.")
@click.option("--cluster", default=None, metavar="ADDRESS",
              help="Run the analyses on a Dask cluster: a scheduler's address (tcp://host:8786), or local[:N] "
                   "for N local worker processes (extra 'cluster'). Without it: --jobs local processes.")
def batch(source: str, outdir: str, jobs: int, ticket: str | None, rules_file: str | None, ocr: str,
          timeout_s: float, cluster: str | None) -> None:
    """Screen SOURCE: a folder of case folders, or a manifest CSV (case_id, ticket, tracking, image_path).

    Results are stored as they finish; run the same command again after an interruption and only
    what is not done yet is analysed. Writes results.jsonl, results.csv, report.html and
    annotated/ into OUTDIR.
    """
    import time

    from .batch import read_inputs, run_batch, write_reports
    from .case.rules import load_rules

    try:
        cases = read_inputs(source, ticket)
        total = sum(len(c.images) for c in cases)
        t0 = time.perf_counter()
        seen = {"calls": 0, "at_start": 0, "images": 0, "cases": 0}

        def shown(_):
            rate = (seen["images"] - seen["at_start"]) / max(1e-6, time.perf_counter() - t0)
            return f"cases {seen['cases']}/{len(cases)} · {rate:.2f} img/s"

        with click.progressbar(length=total, label=f"{total} images in {len(cases)} cases", file=sys.stderr,
                               show_eta=True, item_show_func=shown) as bar:
            def progress(images: int, cases_done: int) -> None:
                if seen["calls"] == 0:  # the first call counts what needs no analysis: not in the rate
                    seen["at_start"] = images
                seen["calls"] += 1
                seen["images"] += images
                seen["cases"] = cases_done
                bar.update(images, seen)

            result = run_batch(cases, outdir, jobs, ocr, load_rules(rules_file), progress, timeout_s=timeout_s,
                               cluster=cluster)
        write_reports(result, outdir)
    except EvidenceCheckError as e:
        click.echo(f"\nevidencecheck: {e.message}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:  # before the workers started: nothing was analysed yet
        click.echo("\nevidencecheck: interrupted; run the same command again to resume", err=True)
        sys.exit(130)
    click.echo(render_batch(result, outdir, f"{jobs} job(s)" if cluster is None else f"cluster {cluster}"))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface, e.g. for phones on the shop's Wi-Fi).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="all cores",
              help="Analysis worker processes (each loads the models once).")
@click.option("--keep", type=click.Path(file_okay=False), default=None,
              help="Keep each request's photos and report in this folder (default: keep nothing).")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A work-order rules file (TOML) in place of the built-in one.")
@click.option("--max-photo-mb", type=click.FloatRange(0.1, 1000), default=30.0, show_default=True)
@click.option("--max-photos", type=click.IntRange(1, 1000), default=12, show_default=True)
@click.option("--max-upload-mb", type=click.FloatRange(0.1, 10000), default=100.0, show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(1, None), default=T.BATCH_IMAGE_TIMEOUT_S,
              show_default=True, metavar="SECONDS", help="Longest one photo's analysis may take.")
@click.option("--ocr", type=click.Choice(ENGINES), default="auto", show_default=True)
def serve(host: str, port: int, workers: int, keep: str | None, rules_file: str | None, max_photo_mb: float,
          max_photos: int, max_upload_mb: float, timeout_s: float, ocr: str) -> None:
    """Serve the merchant's web page and the JSON API (POST /api/check) at http://HOST:PORT/.

    Photos are analysed and deleted; nothing is kept unless --keep is given.
    """
    from pathlib import Path

    try:
        import uvicorn

        from .serve import Limits, ServeSettings, create_app
    except ImportError as e:
        click.echo(f"evidencecheck: the web page needs the serve extra ({e.name} is missing): "
                   "pip install 'evidencecheck[serve]', or run `make serve`", err=True)
        sys.exit(3)
    try:
        limits = Limits(int(max_photo_mb * 1e6), max_photos, int(max_upload_mb * 1e6))
        settings = ServeSettings(workers, ocr, rules_file, Path(keep) if keep else None, limits, timeout_s)
        app = create_app(settings)
    except EvidenceCheckError as e:
        click.echo(f"evidencecheck: {e.message}", err=True)
        sys.exit(e.exit_code)
    click.echo(f"evidencecheck: starting {workers} analysis workers; the page will be at http://{host}:{port}/", err=True)
    # uvicorn stops gracefully on SIGTERM, then raises it again; exiting normally then runs the
    # clean-up at exit (multiprocessing's temporary folder goes with it).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    except KeyboardInterrupt:  # Ctrl-C: uvicorn has stopped gracefully and raised it again
        click.echo("evidencecheck: stopped", err=True)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the evidencecheck/1 report."""
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
