"""The human-readable report: per image and for the case, each finding in Chinese and English.

Returns text with ANSI colours; ``click.echo`` strips them when stdout is not a terminal.
"""

from __future__ import annotations

import click

from .report import CaseReport, Finding, ImageReport

_COLOURS = {"pass": "green", "info": "blue", "warn": "yellow", "fail": "red"}
_MARKS = {"info": "i", "warn": "!", "fail": "x"}

DOC_TYPES_ZH = {"waybill": "快递面单", "weighing_photo": "称重图", "express_receipt": "签收证明", "other": "其他"}


def _badge(verdict: str) -> str:
    return click.style(f"[{verdict.upper()}]", fg=_COLOURS[verdict], bold=True)


def _finding_lines(f: Finding, indent: str) -> list[str]:
    mark = click.style(f"{_MARKS.get(f.severity, '-')} {f.code}", fg=_COLOURS.get(f.severity), bold=True)
    where = f"  at x={f.bbox[0]} y={f.bbox[1]} w={f.bbox[2]} h={f.bbox[3]}" if f.bbox else ""
    pad = indent + "    "
    return [f"{indent}{mark}{where}", f"{pad}{f.message_zh}", f"{pad}{f.message}"]


def render_image(img: ImageReport) -> list[str]:
    lines = [f"{_badge(img.verdict)} {img.path}"]
    if img.width is not None:
        kind = (f"{img.doc_type} {DOC_TYPES_ZH.get(img.doc_type, '')} ({img.confidence:.2f})"
                if img.doc_type else "not classified")
        rotated = f", EXIF orientation {img.exif_orientation}" if img.exif_orientation not in (None, 1) else ""
        if img.rotation:
            rotated += f", content turned {img.rotation} deg"
        if img.kind_unsure:
            # As DOC_TYPE_UNSURE says it: a photo that may be any kind names no one other kind.
            may_be = (img.doc_type_evidence or {}).get("may_be")
            kind += f", unsure: perhaps {'another kind' if may_be == 'any' else img.likely_kinds[1]}"
        lines.append(f"    {img.width}x{img.height} {img.format}{rotated} · type: {kind}")
        cues = (img.doc_type_evidence or {}).get("cues") or []
        if cues:
            lines.append("    why: " + "; ".join(c["says"] for c in cues[:3]))
        extra = []
        if img.carrier:
            extra.append(f"carrier {img.carrier}")
        if img.tracking_numbers:
            extra.append("tracking " + ", ".join(img.tracking_numbers))
        if img.weight_kg is not None:
            shown = img.weight_shown or {}
            as_shown = f" (shows {shown['text']} {shown['unit']})" if shown.get("unit") not in (None, "kg") else ""
            extra.append(f"weight {img.weight_kg:g} kg{as_shown}")
        elif img.weight_shown:
            extra.append(f"display shows {img.weight_shown['text']} (unit not read)")
        if extra:
            lines.append("    " + " · ".join(extra))
        for st in img.stamps:
            x, y, w, h = st.bbox
            named = f"{st.carrier} ({st.text})" if st.carrier else (
                f"company not matched (reads {st.text})" if st.text else "company not read")
            lines.append(f"    red {st.shape} stamp at x={x} y={y} w={w} h={h}: {named}")
    for f in img.findings:
        lines += _finding_lines(f, "    ")
    if not img.findings:
        lines.append("    no problems found by: " + ", ".join(img.checks))
    return lines


def render_case(case: CaseReport) -> str:
    ticket = case.ticket or "none given"
    lines = [f"{_badge(case.verdict)} case · ticket: {ticket} · {len(case.images)} image(s)", ""]
    for img in case.images:
        lines += render_image(img) + [""]
    if case.findings:
        lines.append("case findings:")
        for f in case.findings:
            lines += _finding_lines(f, "  ")
    ran = list(dict.fromkeys(c for i in case.images for c in i.checks))  # pipeline order
    lines.append("checks run: " + (", ".join(ran) if ran else "none (no readable image)"))
    return "\n".join(lines + [""] + render_todo(case))


def render_todo(case: CaseReport) -> list[str]:
    """The merchant's to-do list, Chinese then English, and the ticket's deadline."""
    lines = [click.style("what to do / 需要处理:", bold=True)]
    for n, (en, zh) in enumerate(case.todo, 1):
        lines += [f"  {n}. {zh}", f"     {en}"]
    if not case.todo:
        lines.append("  nothing: no photo needs retaking or adding / 无需补充或重拍照片")
    if case.deadline_hours is not None:
        h = f"{case.deadline_hours:g}"
        lines.append(f"  submit within {h} h of the work order's opening / 请在工单发起后{h}小时内提交")
    return lines


def render_composition(result, output: str) -> str:
    """What ``compose`` wrote and how each tile reads on it."""
    c = result.composition
    lines = [f"wrote {output}: {c.width}x{c.height}, {len(c.jpeg) / 1e6:.2f} MB, JPEG quality {c.quality}, "
             f"{len(c.tiles)} image(s)"]
    checks = {t.path: t for t in result.checks}
    for n, tile in enumerate(c.tiles, 1):
        x, y, w, h = tile.box
        line = f"  {n}. {tile.label}: {tile.path} at x={x} y={y} w={w} h={h}"
        t = checks.get(tile.path)
        if t is not None:
            kept = [f"tracking {', '.join(t.tracking_numbers)}"] if t.tracking_numbers else []
            kept += [f"seal {', '.join(t.seal_carriers)}"] if t.seal_carriers else []
            kept += [f"weight {t.weight_kg:g} kg"] if t.weight_kg is not None else []
            if t.lost:
                line += click.style(f"\n     no longer reads: {'; '.join(t.lost)} / 合成后无法识别，请减少每张上传的图片数", fg="red")
            else:
                line += click.style(f"\n     reads as on the original{': ' + '; '.join(kept) if kept else ''}", fg="green")
        lines.append(line)
    for r in result.skipped:
        lines.append(click.style(f"  left out {r.path}: {r.findings[0].message}", fg="yellow"))
    return "\n".join(lines)


def render_batch(result, outdir: str, ran_on: str) -> str:
    """What a batch did: counts, verdicts, speed, memory, and where the reports are (``ran_on``:
    "2 job(s)", "cluster local:2")."""
    verdicts = {v: sum(c.verdict == v for c in result.cases) for v in ("fail", "warn", "pass")}
    rate = result.analysed / result.seconds if result.seconds else 0.0
    peak = f"{max(result.peak_rss_mb.values()):.0f} MB" if result.peak_rss_mb else "n/a (none analysed)"
    return "\n".join([
        f"{len(result.cases)} cases, {result.images} images: fail {verdicts['fail']}, warn {verdicts['warn']}, "
        f"pass {verdicts['pass']}",
        f"analysed {result.analysed}, already done {result.reused}, failed {result.failed} · "
        f"{result.seconds:.1f} s wall on {ran_on}, {rate:.2f} images/s analysed · "
        f"peak memory per worker {peak}",
        f"reports: {outdir}/report.html, results.jsonl, results.csv; annotated images in {outdir}/annotated/"])
