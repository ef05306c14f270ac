"""The merchant's web page and its JSON API (FastAPI on uvicorn).

Routes: ``GET /`` the page (HTML, CSS and plain JavaScript served from this package: nothing is
fetched from outside), ``POST /api/check`` (the contract document), ``POST /api/check/events``
(the same, one NDJSON line per photo as it finishes, then the case: what the page shows
progress with), ``POST /api/compose`` (the one upload image), ``GET /api/tickets``,
``GET /api/schema``, ``GET /healthz`` and ``GET /openapi.json``. The interactive API docs are
off: FastAPI's load their scripts from a CDN.

Photos are written to a private temporary folder for the workers to read and deleted when the
request ends; nothing is kept unless the server was started with ``keep``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import tempfile
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile

from .. import __version__
from ..case.compose import LONG_SIDE, MAX_BYTES
from ..case.rules import DOC_TYPES_EN, DOC_TYPES_ZH, load_rules
from ..errors import UsageError
from ..pipeline import Predictor
from ..report import CaseReport, json_schema
from .limits import BodyLimit, Limits, too_large
from .workers import AnalysisPool, WorkerLost

STATIC = resources.files(__package__).joinpath("static")
NAME_CHARS = 200  # a photo's name as shown is cut to this many characters
TRACKING_CHARS = 40  # longer than any carrier's number


@dataclass(frozen=True)
class ServeSettings:
    workers: int = 2
    ocr: str = "auto"
    rules_path: str | None = None
    keep: Path | None = None  # keep each request's photos and report here; None: keep nothing
    limits: Limits = Limits()
    timeout_s: float = 120.0  # one photo's analysis at most (s)


def create_app(settings: ServeSettings = ServeSettings(), pool: AnalysisPool | None = None) -> FastAPI:
    """The app; it starts its pool of analysis workers (``pool``, or one made from ``settings``)
    when it starts serving, and ends them when it stops."""
    rules = load_rules(settings.rules_path)
    judge = Predictor(ocr=settings.ocr, rules=rules)  # judges cases only: loads no model
    pool = pool or AnalysisPool(settings.workers, settings.ocr, settings.rules_path, settings.timeout_s)
    limits = settings.limits

    def judged(upload: _Upload, reports: list) -> CaseReport:
        """The case of the upload's analysed ``reports``, kept when the server keeps them."""
        case = judge.judge(reports, judge.ticket_rule(upload.ticket), upload.tracking)
        _keep(settings.keep, upload, case)
        return case

    @asynccontextmanager
    async def lifespan(_app):
        await asyncio.to_thread(pool.start)
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(title="evidencecheck", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Checks the photo evidence of a marketplace after-sale dispute, offline.")
    app.add_middleware(BodyLimit, limits=limits)

    @app.middleware("http")
    async def private_headers(request: Request, call_next):
        response = await call_next(request)
        # The page may load only what this server serves: a test of "nothing fetched from outside".
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request.url.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/", include_in_schema=False)
    async def page():
        return FileResponse(str(STATIC.joinpath("index.html")), media_type="text/html; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str):
        if name not in ("app.js", "app.css"):
            return JSONResponse({"error": "not_found"}, status_code=404)
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return FileResponse(str(STATIC.joinpath(name)), media_type=f"{kind}; charset=utf-8")

    @app.get("/healthz")
    async def healthz():
        """Whether the server is up, and with how many analysis workers."""
        return {"status": "ok", "version": __version__, "workers": len(pool.pids())}

    @app.get("/api/schema")
    async def schema():
        """The JSON Schema of the evidencecheck/1 report that ``POST /api/check`` returns."""
        return json_schema()

    @app.get("/api/tickets")
    async def tickets():
        """The work-order types the rules know, with their deadline and the evidence each needs."""
        return {"tickets": [
            {"name": t.name, "title": t.title, "title_zh": t.title_zh, "deadline_hours": t.deadline_hours,
             "evidence": [{"kind": e.kind, "count": e.count, "name": e.name, "name_zh": e.name_zh,
                           "photograph": e.photograph, "photograph_zh": e.photograph_zh} for e in t.evidence]}
            for t in rules.tickets.values()],
            "doc_types": {k: {"en": DOC_TYPES_EN[k], "zh": DOC_TYPES_ZH[k]} for k in DOC_TYPES_EN},
            "limits": limits.to_dict()}

    @app.post("/api/check", openapi_extra=_FORM_DOC, responses=_ERRORS)
    async def check(request: Request):
        """Check the photos of one work order: the evidencecheck/1 report (see ``/api/schema``)."""
        upload = await _read_upload(request, limits, judge)
        if isinstance(upload, Response):
            return upload
        try:
            client = object()
            done = await asyncio.gather(*(pool.analyse(p, n, upload.ticket, client)
                                          for p, n in zip(upload.paths, upload.names)))
            return JSONResponse(judged(upload, [a.report for a in done]).to_dict())
        finally:
            upload.remove()

    @app.post("/api/check/events", openapi_extra=_FORM_DOC, responses=_ERRORS)
    async def check_events(request: Request):
        """``/api/check`` told as it goes: NDJSON lines ``{"event": "accepted", "photos": [...]}``,
        one ``{"event": "image", "index", "report", "annotated"}`` per photo as it finishes
        (``annotated``: the photo drawn with its findings, base64 JPEG, or null), then
        ``{"event": "case", "report"}``: the contract document."""
        upload = await _read_upload(request, limits, judge)
        if isinstance(upload, Response):
            return upload

        async def events():
            client = object()
            try:
                yield _line({"event": "accepted", "photos": [{"index": i, "name": n} for i, n in enumerate(upload.names)]})
                tasks = [asyncio.ensure_future(_indexed(i, pool.analyse(p, n, upload.ticket, client)))
                         for i, (p, n) in enumerate(zip(upload.paths, upload.names))]
                reports = [None] * len(tasks)
                try:
                    for next_done in asyncio.as_completed(tasks):
                        i, a = await next_done
                        reports[i] = a.report
                        yield _line({"event": "image", "index": i, "report": a.report.to_dict(),
                                     "annotated": base64.b64encode(a.annotated).decode() if a.annotated else None})
                finally:
                    for t in tasks:
                        t.cancel()
                yield _line({"event": "case", "report": judged(upload, reports).to_dict()})
            finally:
                upload.remove()

        return StreamingResponse(events(), media_type="application/x-ndjson")

    @app.post("/api/compose", openapi_extra=_FORM_DOC, responses={
        200: {"content": {"image/jpeg": {}}, "description": "The upload image"},
        422: {"description": "Something that reads on a photo no longer reads on the upload: `lost` says what"},
        **_ERRORS})
    async def compose(request: Request):
        """The photos combined into the one image the platform accepts, each labelled with what it
        is; refused (422) when a tracking number, a seal's company or a weight that reads on a
        photo no longer reads on the upload."""
        upload = await _read_upload(request, limits, judge)
        if isinstance(upload, Response):
            return upload
        try:
            try:
                result = await pool.compose(upload.paths, LONG_SIDE, MAX_BYTES, object())
            except UsageError as e:
                return _error(422, "nothing_to_compose", e.message, "没有可读取的图片，无法合成。")
            except WorkerLost as e:
                return _error(503, "check_failed", f"the composition could not be made: {e}; try again",
                              "合成失败，请重试。")
            names = dict(zip(upload.paths, upload.names))
            lost = [{"photo": names.get(t.path, t.path), "lost": list(t.lost)} for t in result.checks if t.lost]
            if lost:
                return JSONResponse({"error": "lost_on_upload", "lost": lost,
                                     "message": "On the combined image some proofs no longer read; upload them separately or retake them.",
                                     "message_zh": "合成图上部分凭证已无法识别，请分开上传或重新拍摄。"}, status_code=422)
            return Response(result.composition.jpeg, media_type="image/jpeg",
                            headers={"Content-Disposition": 'attachment; filename="evidence-upload.jpg"'})
        finally:
            upload.remove()

    return app


@dataclass
class _Upload:
    """A request's photos, each in a private temporary folder under a name of ours."""

    folder: Path
    paths: list[str]
    names: list[str]  # as the merchant's device named them: shown, never used as a path
    ticket: str | None
    tracking: str | None

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


async def _read_upload(request: Request, limits: Limits, judge: Predictor) -> _Upload | Response:
    """The request's form checked against the limits and the rules, its photos written out; or
    the error response (413 naming the limit, 422 for a wrong form)."""
    form = await request.form(max_files=10_000, max_fields=50)  # the body's size bounds both
    try:
        photos = [f for f in form.getlist("photos") if isinstance(f, UploadFile)]
        if not photos:
            return _error(422, "no_photos", "add at least one photo (form field 'photos')", "请至少添加一张照片。")
        if len(photos) > limits.max_photos:
            return too_large(limits, "photos")
        for f in photos:
            if (f.size or 0) > limits.max_photo_bytes:
                return too_large(limits, "photo", _name(f.filename, 0))
        ticket = (str(form.get("ticket") or "").strip()) or None
        tracking = re.sub(r"\s+", "", str(form.get("tracking") or ""))[:TRACKING_CHARS] or None
        try:
            judge.ticket_rule(ticket)
        except UsageError as e:
            return _error(422, "unknown_ticket", e.message, "未知的工单类型。")
        folder = Path(tempfile.mkdtemp(prefix="evidencecheck-"))  # mode 0700: this user's alone
        paths, names = [], []
        for i, f in enumerate(photos):
            path = folder / f"photo-{i:02d}"
            with open(path, "wb") as out:
                await asyncio.to_thread(shutil.copyfileobj, f.file, out)
            paths.append(str(path))
            names.append(_name(f.filename, i))
        return _Upload(folder, paths, names, ticket, tracking)
    finally:
        await form.close()


def _name(filename: str | None, index: int) -> str:
    """What a photo is called in the report: its file name without control characters, cut short."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", filename or "").strip()
    return name[:NAME_CHARS] or f"photo {index + 1}"


async def _indexed(i: int, awaitable):
    return i, await awaitable


def _line(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def _error(status: int, error: str, message: str, message_zh: str) -> JSONResponse:
    return JSONResponse({"error": error, "message": message, "message_zh": message_zh}, status_code=status)


def _keep(keep: Path | None, upload: _Upload, case: CaseReport) -> None:
    """With ``--keep``: the request's photos and report into a new folder under ``keep`` (named by
    time and a random id; the photos by their place in the request, never by their names)."""
    if keep is None:
        return
    folder = keep / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    for i, path in enumerate(upload.paths):
        shutil.copyfile(path, folder / f"photo-{i + 1:02d}")
    (folder / "report.json").write_text(case.to_json(), encoding="utf-8")


_FORM_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["photos"],
    "properties": {
        "photos": {"type": "array", "items": {"type": "string", "format": "binary"},
                   "description": "The photos (JPEG, PNG, HEIC, ...), one form part each"},
        "ticket": {"type": "string", "description": "The work order's type (GET /api/tickets); none: no case rules"},
        "tracking": {"type": "string", "description": "The order's tracking number: the evidence must show it"}}}}}}}
_ERRORS = {413: {"description": "Over a limit (photo size, photo count or the whole upload): `limit` names it"},
           422: {"description": "The form is wrong (no photos, an unknown ticket type)"}}
