"""Every finding code of the contract: its level, default severity and bilingual messages.

Messages are templates: ``{name}`` placeholders are filled from the keyword arguments of
:func:`make_finding`. Each message says what is wrong and, where a merchant can act, what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("pass", "info", "warn", "fail")
"""Severity order, mildest first. ``info`` explains without changing the verdict."""


@dataclass(frozen=True)
class FindingCode:
    code: str
    level: str  # "image" or "case"
    severity: str  # default severity
    en: str
    zh: str
    check: str = ""  # the check that raises it (as listed in an ImageReport's ``checks``)
    extension: bool = False  # not in the contract's list: added by evidencecheck, allowed by it
    todo: str = ""  # what the merchant does about it (an image finding's names the image: {images}); "" for info
    todo_zh: str = ""


_CODES = [
    FindingCode(
        "UNREADABLE_FILE", "image", "fail",
        "The file cannot be read as an image: {reason}. Upload the original photo (JPEG, PNG, HEIC).",
        "文件无法作为图片读取：{reason_zh}。请上传原始照片（JPEG、PNG、HEIC）。",
        check="intake",
        todo="Upload the original photo again ({images})", todo_zh="重新上传原始照片（{images}）",
    ),
    FindingCode(
        "LOW_QUALITY", "image", "fail",
        "The photo is {problem}. {advice}",
        "照片{problem_zh}。{advice_zh}",
        check="quality",
        todo="Retake {images}", todo_zh="重新拍摄{images}",
    ),
    FindingCode(
        "NO_STAMP", "image", "fail",
        "No red company stamp was found on this delivery proof.",
        "签收证明上未找到快递公司红章。",
        check="stamps",
        todo="Have the courier stamp the proof, then photograph it again ({images})", todo_zh="请快递网点加盖红章后重新拍摄（{images}）",
    ),
    FindingCode(
        "FULLY_PRINTED", "image", "fail",
        "The fill-in fields are printed ({printed} of {filled} filled in), none clearly by hand; the platform requires them to be handwritten.",
        "填写栏为打印（已填{filled}栏中{printed}栏为打印），无明确手写，平台要求手写填写。",
        check="fields",
        todo="Have the blanks filled in by hand, then photograph the proof again ({images})", todo_zh="请手写填写空白栏后重新拍摄（{images}）",
    ),
    FindingCode(
        "HANDWRITING_MISSING", "image", "fail",
        "The required field '{field}' is left blank.",
        "必填栏“{field_zh}”未填写。",
        check="fields",
        todo="Have the blank filled in by hand, then photograph the proof again ({images})", todo_zh="请手写补填空白栏后重新拍摄（{images}）",
    ),
    FindingCode(
        "STAMP_MISMATCH", "image", "fail",
        "The stamp names {stamp_carrier}, but the document names {doc_carrier}.",
        "印章公司为{stamp_carrier_zh}，与单据上的公司{doc_carrier_zh}不一致。",
        check="stamps",
        todo="Get the proof from the courier that carried the parcel ({images})", todo_zh="请向实际承运的快递公司索取签收证明（{images}）",
    ),
    FindingCode(  # an extension of the contract: says why a seal was not compared
        "STAMP_UNREADABLE", "image", "info",
        "{why_cap} could not be read clearly, so the stamp was not compared with the document; check it by eye.",
        "未能清晰识别{why_zh}，印章未与单据公司比对，请人工核对。",
        check="stamps", extension=True,
    ),
    FindingCode(  # an extension of the contract: the proof names two companies
        "ISSUER_MISMATCH", "image", "warn",
        "The proof's header names {header} but its signature line names {signature}; the stamp is compared "
        "with the company that signs.",
        "证明抬头为{header_zh}，落款却为{signature_zh}，公司不一致；印章按落款公司比对。",
        check="stamps", extension=True,
        todo="Get a proof issued and signed by one courier ({images})", todo_zh="请索取抬头与落款一致的签收证明（{images}）",
    ),
    FindingCode(  # an extension of the contract: a seal may be there, but could not be made out
        "STAMP_UNSURE", "image", "warn",
        "Red ink that may be the courier's stamp is on this delivery proof, but no stamp could be made "
        "out. Photograph the proof again, closer, and send the photo itself rather than a compressed copy.",
        "签收证明上有疑似快递公司红章的红色印迹，但无法辨认出印章。"
        "请靠近重新拍摄，并发送原图，不要发送压缩后的图片。",
        check="stamps", extension=True,
        todo="Photograph the stamp on {images} again, closer", todo_zh="请靠近重新拍摄{images}上的红章",
    ),
    FindingCode(  # an extension of the contract: no seal found, on a proof too small to be sure of it
        "STAMP_TOO_SMALL", "image", "warn",
        "No red company stamp was found on this delivery proof, but the proof is too small in the picture "
        "for a stamp on it to be made out surely. Photograph the proof on its own, filling the frame, and "
        "send the photo itself rather than a screenshot or a thumbnail.",
        "签收证明上未找到快递公司红章，但证明在图片中过小，无法确定有无印章。"
        "请单独拍摄签收证明，使其充满画面，并发送原图，不要发送截图或缩略图。",
        check="stamps", extension=True,
        todo="Photograph the delivery proof on {images} on its own, filling the frame",
        todo_zh="请单独拍摄{images}上的签收证明，使其充满画面",
    ),
    FindingCode(  # an extension of the contract: a required blank that may be written faintly
        "FIELD_UNSURE", "image", "warn",
        "The required field '{field}' looks blank, but not surely ({why}): it may be written faintly. "
        "Photograph the proof again, closer and in good light; if it is blank, have it filled in by hand.",
        "必填栏“{field_zh}”看似未填写，但无法确定（{why_zh}），可能字迹较淡。"
        "请在光线充足处靠近重新拍摄；如确未填写，请手写补填。",
        check="fields", extension=True,
        todo="Photograph {images} again, closer, so its blanks can be judged", todo_zh="请靠近重新拍摄{images}，以便判断空白栏",
    ),
    FindingCode(  # an extension of the contract: blanks that look printed, not surely
        "PRINTED_UNSURE", "image", "warn",
        "Most fill-in fields of this proof look printed rather than handwritten ({printed} of {filled} filled "
        "in), but not surely, and none is clearly by hand. A proof whose blanks are printed is rejected: check "
        "that they are written by hand, and photograph the proof again, closer and in good light.",
        "此证明的填写栏多数看似为打印而非手写（已填{filled}栏中{printed}栏），但无法确定，且无明确手写。"
        "填写栏为打印的证明会被驳回：请确认为手写填写，并在光线充足处靠近重新拍摄。",
        check="fields", extension=True,
        todo="Check that the blanks on {images} are handwritten, and photograph it again, closer",
        todo_zh="请确认{images}上的填写栏为手写，并靠近重新拍摄",
    ),
    FindingCode(  # an extension of the contract: a proof whose blanks were not found was not checked
        "FIELDS_NOT_FOUND", "image", "warn",
        "The fill-in blanks of this proof (signer, date, tracking number) could not be found, so whether "
        "they are handwritten was not checked. Photograph the whole proof again, upright, flat and in good light.",
        "未能找到此证明上的填写栏（签收人、日期、运单号等），因此未能核实是否为手写。"
        "请将整张证明摆正、放平，在光线充足处重新拍摄。",
        check="fields", extension=True,
        todo="Photograph {images} again, whole and upright", todo_zh="请将{images}摆正后完整重新拍摄",
    ),
    FindingCode(  # an extension of the contract: the tool cannot tell the kind of evidence
        "DOC_TYPE_UNSURE", "image", "warn",
        "It is not clear what this photo shows: most likely {kind} (p={p}), perhaps {other} (p={p_other}). "
        "Photograph the whole document flat, in good light, with its title and printed words legible.",
        "无法确定这张照片的类型：最可能是{kind_zh}（概率{p}），也可能是{other_zh}（概率{p_other}）。"
        "请在光线充足处平整拍摄完整单据，标题和文字清晰可读。",
        check="classify", extension=True,
        todo="Take a clearer photo of {images}", todo_zh="请重新清晰拍摄{images}",
    ),
    FindingCode(  # an extension of the contract: the tool failed, not the evidence
        "CHECK_FAILED", "image", "warn",
        "The check stopped on this image after {check} failed ({error}); what it found until then is shown. Check the image by eye.",
        "本图片在“{check}”检查时出错（{error}），仅显示此前的结果，请人工核对。",
        check="intake", extension=True,
        todo="Have a reviewer look at {images}", todo_zh="请人工审核{images}",
    ),
    FindingCode(
        "STAMP_SUSPECT", "image", "warn",
        "The stamp looks digitally pasted rather than impressed ({reason}).",
        "印章疑似电子粘贴而非实际盖印（{reason_zh}）。",
        check="forensics",
        todo="Photograph the stamped paper itself, not an edited picture ({images})", todo_zh="请拍摄盖章原件，勿提交编辑过的图片（{images}）",
    ),
    FindingCode(
        "WEIGHT_UNREADABLE", "image", "warn",
        "The weight on the scale display cannot be read. Photograph the display straight on, without glare.",
        "无法读取秤显示屏上的重量。请正对显示屏拍摄，避免反光。",
        check="weight",
        todo="Retake {images}", todo_zh="重新拍摄{images}",
    ),
    FindingCode(
        "TRACKING_UNREADABLE", "image", "warn",
        "No valid tracking number can be read on {what}. Photograph the barcode flat and in focus.",
        "无法读取{what_zh}上的有效运单号。请将条码拍平、对焦清晰。",
        check="tracking",
        todo="Retake {images}", todo_zh="重新拍摄{images}",
    ),
    FindingCode(
        "WRONG_TYPE", "case", "warn",
        "{image} is {doc_type}, which the order ({ticket}) does not ask for: it asks for {wanted}.",
        "{image}为{doc_type_zh}，本工单（{ticket_zh}）不需要此类凭证，需要的是{wanted_zh}。",
        check="rules",
        todo="Leave it out", todo_zh="请移除该图片",
    ),
    FindingCode(
        "MISSING_EVIDENCE", "case", "fail",
        "The order ({ticket}) needs {kind}: {found}. {advice}",
        "本工单（{ticket_zh}）需要{kind_zh}：{found_zh}。{advice_zh}",
        check="rules",
        todo="Add it", todo_zh="请补充",
    ),
    FindingCode(
        "TRACKING_MISMATCH", "case", "fail",
        "The tracking numbers do not agree: {numbers}.",
        "运单号不一致：{numbers_zh}。",
        check="rules",
        todo="Check that every photo shows this order's parcel", todo_zh="请确认每张照片都是本工单的包裹",
    ),
    FindingCode(
        "WEIGHT_MISMATCH", "case", "fail",
        "The weighing photos disagree by {difference} kg, more than the {tolerance} kg allowed: {weights}.",
        "称重图之间相差{difference}千克，超过允许的{tolerance}千克：{weights}。",
        check="rules",
        todo="Check the weighings and retake the wrong one", todo_zh="请核对称重，重拍有误的称重图",
    ),
    FindingCode(
        "DUPLICATE_IMAGE", "case", "warn",
        "The same photo is submitted more than once: {copies}. A copy proves nothing the first does not.",
        "同一张照片被重复提交：{copies}。重复的照片不能作为额外凭证。",
        check="rules",
        todo="Replace each copy with a photo of its own", todo_zh="请用各自拍摄的照片替换重复的照片",
    ),
    FindingCode(  # an extension of the contract, raised by a batch: one photo as evidence for two orders
        "SEEN_IN_OTHER_CASE", "case", "warn",
        "{image} is also evidence in {cases} of this batch ({how}). Check that it belongs to this order.",
        "{image}也出现在本批次的工单{cases}中（{how_zh}），请核实该照片属于本工单。",
        check="rules", extension=True,
        todo="Use a photo taken for this order in place of {images}", todo_zh="请换用为本工单拍摄的照片替换{images}",
    ),
]

CODES: dict[str, FindingCode] = {c.code: c for c in _CODES}


def severity_rank(severity: str) -> int:
    """Position of ``severity`` in :data:`SEVERITIES` (0 = pass)."""
    return SEVERITIES.index(severity)


def worst(severities) -> str:
    """The worst of ``severities``, as a verdict: ``pass``, ``warn`` or ``fail`` (info counts as pass)."""
    rank = max((severity_rank(s) for s in severities), default=0)
    verdict = SEVERITIES[rank]
    return "pass" if verdict == "info" else verdict


def messages(code: str, **values) -> tuple[str, str]:
    """The English and Chinese messages of ``code`` with ``values`` filled in."""
    spec = CODES[code]
    return spec.en.format(**values), spec.zh.format(**values)
