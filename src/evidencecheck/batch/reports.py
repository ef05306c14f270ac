"""A batch's reports in its output folder: ``results.jsonl`` (one contract document per case),
``results.csv`` (one row per image) and ``report.html`` (a self-contained page, worst cases first,
with annotated thumbnails and filters by verdict, finding and doc type)."""

from __future__ import annotations

import base64
import csv
import json
from html import escape
from pathlib import Path

from ..findings import severity_rank
from ..report import CaseReport
from .runner import ANNOTATED_DIR, BatchResult

CSV_COLUMNS = ("case_id", "ticket", "case_verdict", "image_path", "sha256", "verdict", "doc_type", "confidence",
               "findings", "tracking_numbers", "weight_kg")


def write_reports(result: BatchResult, outdir: str | Path) -> list[Path]:
    """Write the three reports into ``outdir``; returns their paths."""
    out = Path(outdir)
    paths = [out / "results.jsonl", out / "results.csv", out / "report.html"]
    with open(paths[0], "w", encoding="utf-8") as f:
        for case in result.cases:
            f.write(json.dumps(case.to_dict(), ensure_ascii=False) + "\n")
    with open(paths[1], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for case in result.cases:
            for img in case.images:
                w.writerow([case.case_id, case.ticket or "", case.verdict, img.path, img.sha256 or "", img.verdict,
                            img.doc_type or "", "" if img.confidence is None else f"{img.confidence:.4f}",
                            " ".join(f.code for f in img.findings), " ".join(img.tracking_numbers),
                            "" if img.weight_kg is None else f"{img.weight_kg:g}"])
    paths[2].write_text(render_html(result), encoding="utf-8")
    return paths


def worst_first(cases: list[CaseReport]) -> list[CaseReport]:
    """Cases by verdict (fail, warn, pass), then by how many warnings and failures they hold."""
    def weight(c: CaseReport):
        serious = sum(f.severity in ("warn", "fail") for f in c.findings) + sum(
            f.severity in ("warn", "fail") for i in c.images for f in i.findings)
        return (-severity_rank(c.verdict), -serious)

    return sorted(cases, key=weight)  # stable: input order among equals


_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f4f4f6;color:#222}
header{position:sticky;top:0;background:#fff;padding:10px 16px;border-bottom:1px solid #ccc;z-index:1}
header label{margin-right:14px} #shown{font-weight:bold}
.case{background:#fff;margin:12px 16px;padding:10px 14px;border-left:6px solid #999;border-radius:4px}
.case.fail{border-color:#d22}.case.warn{border-color:#e6a800}.case.pass{border-color:#2a2}
.badge{display:inline-block;padding:1px 7px;border-radius:3px;color:#fff;font-size:80%;font-weight:bold}
.badge.fail{background:#d22}.badge.warn{background:#e6a800}.badge.pass{background:#2a2}
h2{font-size:110%;margin:4px 0}
.images{display:flex;flex-wrap:wrap;gap:10px}
figure{margin:0;width:330px;font-size:80%}
figure img{max-width:320px;max-height:320px;border:1px solid #ccc;display:block}
.nopic{width:320px;height:60px;background:#eee;display:flex;align-items:center;justify-content:center}
.code{font-family:monospace;font-weight:bold} .fail .code{color:#c00} ul{margin:4px 0 4px 18px;padding:0}
"""

_SCRIPT = """
function applyFilters(){
  const v=document.getElementById('verdict').value, f=document.getElementById('finding').value,
        d=document.getElementById('doctype').value;
  let shown=0;
  for(const c of document.querySelectorAll('section.case')){
    const ok=(!v||c.dataset.verdict===v)&&(!f||c.dataset.findings.split(' ').includes(f))
             &&(!d||c.dataset.doctypes.split(' ').includes(d));
    c.hidden=!ok; if(ok) shown++;
  }
  document.getElementById('shown').textContent=shown;
}
for(const id of ['verdict','finding','doctype']) document.getElementById(id).addEventListener('change',applyFilters);
applyFilters();
"""


def render_html(result: BatchResult) -> str:
    """The page: everything inline (styles, script, thumbnails as data URIs); the full annotated
    images are linked from the output folder."""
    cases = worst_first(result.cases)
    codes = sorted({f.code for c in cases for f in c.findings} | {f.code for c in cases for i in c.images
                                                                   for f in i.findings})
    types = sorted({i.doc_type for c in cases for i in c.images if i.doc_type})
    counts = {v: sum(c.verdict == v for c in cases) for v in ("fail", "warn", "pass")}

    def options(name, values, label):
        opts = "".join(f'<option value="{escape(x)}">{escape(x)}</option>' for x in values)
        return f'<label>{label} <select id="{name}"><option value="">all</option>{opts}</select></label>'

    parts = ['<!doctype html><html lang="zh"><head><meta charset="utf-8">',
             "<title>evidencecheck batch report</title>", f"<style>{_STYLE}</style></head><body>",
             "<header>", f"<div><b>evidencecheck</b> · {len(cases)} cases, {result.images} images · "
             f"fail {counts['fail']} · warn {counts['warn']} · pass {counts['pass']} · showing "
             f'<span id="shown">{len(cases)}</span></div>',
             options("verdict", ["fail", "warn", "pass"], "verdict / 结论"),
             options("finding", codes, "finding / 问题"), options("doctype", types, "doc type / 类型"),
             "</header><main>"]
    for case in cases:
        parts.append(_case_html(case, result.thumbs))
    parts.append(f"</main><script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts)


def _case_html(case: CaseReport, thumbs: dict) -> str:
    codes = {f.code for f in case.findings} | {f.code for i in case.images for f in i.findings}
    types = {i.doc_type for i in case.images if i.doc_type}
    head = (f'<section class="case {case.verdict}" data-verdict="{case.verdict}" '
            f'data-findings="{escape(" ".join(sorted(codes)))}" data-doctypes="{escape(" ".join(sorted(types)))}">'
            f'<h2><span class="badge {case.verdict}">{case.verdict.upper()}</span> {escape(case.case_id or "")}'
            f' · ticket {escape(case.ticket or "none")}</h2>')
    items = "".join(f'<li><span class="code">{f.code}</span> {escape(f.message_zh)} / {escape(f.message)}</li>'
                    for f in case.findings)
    figures = "".join(_figure(img, thumbs.get(img.path)) for img in case.images)
    todo = "".join(f"<li>{escape(zh)}<br>{escape(en)}</li>" for en, zh in case.todo)
    return (head + (f"<ul>{items}</ul>" if items else "") + f'<div class="images">{figures}</div>'
            + (f"<details><summary>what to do / 需要处理</summary><ol>{todo}</ol></details>" if todo else "")
            + "</section>")


def _figure(img, thumb: bytes | None) -> str:
    if thumb:
        pic = (f'<a href="{ANNOTATED_DIR}/{escape(img.sha256 or "")}.jpg"><img alt="{escape(img.path)}" '
               f'src="data:image/jpeg;base64,{base64.b64encode(thumb).decode()}"></a>')
    else:
        pic = '<div class="nopic">no picture / 无法显示</div>'
    facts = [f'<span class="badge {img.verdict}">{img.verdict.upper()}</span> {escape(img.doc_type or "unreadable")}']
    if img.tracking_numbers:
        facts.append("tracking " + escape(", ".join(img.tracking_numbers)))
    if img.weight_kg is not None:
        facts.append(f"weight {img.weight_kg:g} kg")
    findings = "".join(f'<li><span class="code">{f.code}</span> {escape(f.message_zh)}</li>'
                       for f in img.findings if f.severity != "info")
    return (f'<figure>{pic}<figcaption>{escape(img.path)}<br>{" · ".join(facts)}'
            + (f"<ul>{findings}</ul>" if findings else "") + "</figcaption></figure>")
