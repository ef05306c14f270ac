// The merchant's page: choose the work order, add photos, check them, compose the one upload.
// Plain JavaScript, no library, nothing fetched from outside; every text from the server is put
// in with textContent, never as HTML.
"use strict";

const WORDS = {
  zh: {
    title: "发货凭证检查", privacy: "照片只在本服务器上检查，检查完即删除，不保存，也不发往别处。",
    ticket: "工单类型", tracking: "运单号（选填）", opened: "工单创建时间（选填，用于计算剩余时间）",
    album: "从相册选择", camera: "拍照", check: "检查", todo: "需要处理", compose: "合成一张上传图片并下载",
    none: "不按工单检查", needs: "需要：", remove: "移除", waiting: "等待检查", uploading: "上传中",
    checking: "检查中…", done: "已完成", left: "距截止还剩 {h} 小时 {m} 分（{at}）", late: "已超过截止时间（{at}）",
    hours: "请在工单创建后 {h} 小时内提交凭证", pass: "通过", warn: "需注意", fail: "不通过",
    caseVerdict: "整体结论：", composing: "正在合成并复查…", composed: "已下载合成图片 evidence-upload.jpg",
    lost: "拒绝合成：合成后以下内容已无法识别，请分开上传或重新拍摄：", noPicture: "无法显示图片",
    tracking_read: "运单号", weight: "重量", failed: "检查失败：", offline: "无法连接服务器，请重试。",
    nophotos: "请先添加照片。",
    kinds: {waybill: "发货底单", express_receipt: "签收证明", weighing_photo: "称重图", other: "其他图片"},
  },
  en: {
    title: "Evidence check", privacy: "Photos are checked on this server and deleted right after: nothing is kept or sent anywhere else.",
    ticket: "Work order type", tracking: "Tracking number (optional)", opened: "When the work order was opened (optional: shows the time left)",
    album: "Choose photos", camera: "Take a photo", check: "Check", todo: "What to do", compose: "Combine into one upload and download",
    none: "No work order", needs: "Needs:", remove: "Remove", waiting: "waiting", uploading: "uploading",
    checking: "checking…", done: "done", left: "{h} h {m} min left ({at})", late: "The deadline has passed ({at})",
    hours: "Submit the evidence within {h} hours of the work order", pass: "pass", warn: "warning", fail: "fail",
    caseVerdict: "Case: ", composing: "Combining and checking again…", composed: "Downloaded evidence-upload.jpg",
    lost: "Not combined: on the combined image these no longer read; upload them separately or retake them:",
    noPicture: "no picture", tracking_read: "tracking", weight: "weight", failed: "Check failed: ",
    offline: "Cannot reach the server; try again.", nophotos: "Add photos first.",
    kinds: {waybill: "Waybill", express_receipt: "Delivery proof", weighing_photo: "Weighing photo", other: "Other"},
  },
};

const state = {lang: "zh", tickets: [], files: [], rows: [], reports: [], images: [], caseReport: null, started: 0};
const $ = (id) => document.getElementById(id);
const word = (key) => WORDS[state.lang][key];
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function translate() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = word(node.dataset.t);
  $("lang").textContent = state.lang === "zh" ? "EN" : "中文";
  $("lang").setAttribute("aria-label", state.lang === "zh" ? "English" : "中文");
  fillTickets();
  showPhotos();
  showDeadline();
  if (state.caseReport) showCase(state.caseReport);
  state.reports.forEach((r, i) => r && showCard(i));
}

function fillTickets() {
  const select = $("ticket"), chosen = select.value;
  select.replaceChildren(el("option", {value: "", textContent: word("none")}),
    ...state.tickets.map((t) => el("option", {value: t.name, textContent: state.lang === "zh" ? t.title_zh : t.title})));
  select.value = chosen || (state.tickets[0] ? state.tickets[0].name : "");
  showNeeds();
}

function ticket() { return state.tickets.find((t) => t.name === $("ticket").value) || null; }

function showNeeds() {
  const t = ticket();
  $("needs").replaceChildren(...(t ? t.evidence.map((e) => el("li", {
    textContent: (state.lang === "zh" ? e.name_zh : e.name) + (e.count > 1 ? ` ×${e.count}` : "") + " — "
      + (state.lang === "zh" ? e.photograph_zh : e.photograph)})) : []));
  showDeadline();
}

function deadlineText(hours) {
  const opened = $("opened").value;
  if (!hours) return null;
  if (!opened) return {text: fill(word("hours"), {h: hours}), late: false};
  const end = new Date(new Date(opened).getTime() + hours * 3600e3);
  const at = end.toLocaleString(state.lang === "zh" ? "zh-CN" : "en", {month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit"});
  const left = end.getTime() - Date.now();
  if (left <= 0) return {text: fill(word("late"), {at}), late: true};
  return {text: fill(word("left"), {h: Math.floor(left / 3600e3), m: Math.floor(left % 3600e3 / 60e3), at}), late: left < 3 * 3600e3};
}

function showDeadline() {
  const t = ticket(), d = deadlineText(t && t.deadline_hours);
  const p = $("deadline");
  p.hidden = !d;
  if (d) { p.textContent = d.text; p.classList.toggle("late", d.late); }
  if (state.caseReport) {
    const c = deadlineText(state.caseReport.deadline_hours), q = $("case-deadline");
    q.hidden = !c;
    if (c) { q.textContent = c.text; q.classList.toggle("late", c.late); }
  }
}

function addFiles(list) {
  for (const f of list) state.files.push(f);
  state.rows = state.files.map(() => ({status: "waiting", progress: 0}));
  showPhotos();
}

function showPhotos() {
  $("photos").replaceChildren(...state.files.map((f, i) => {
    const row = state.rows[i] || {status: "waiting"};
    const li = el("li", {}, el("span", {className: "name", textContent: f.name}),
      el("span", {className: "state", textContent: row.status === "uploading" ? `${word("uploading")} ${row.progress}%` : word(row.status)}));
    if (state.busy) {
      if (row.status === "uploading") li.append(el("progress", {max: 100, value: row.progress}));
    } else {
      const b = el("button", {type: "button", className: "remove", textContent: word("remove")});
      b.addEventListener("click", () => { state.files.splice(i, 1); state.rows.splice(i, 1); showPhotos(); });
      li.append(b);
    }
    return li;
  }));
  $("check").disabled = state.busy || state.files.length === 0;
}

function formData() {
  const data = new FormData();
  for (const f of state.files) data.append("photos", f, f.name);
  data.append("ticket", $("ticket").value);
  data.append("tracking", $("tracking").value);
  return data;
}

function showError(body) {
  const p = $("error");
  p.hidden = false;
  p.textContent = body ? (state.lang === "zh" ? body.message_zh || body.message : body.message) : word("offline");
}

function check(event) {
  event.preventDefault();
  if (!state.files.length) { showError({message: word("nophotos"), message_zh: word("nophotos")}); return; }
  $("error").hidden = true;
  state.busy = true; state.reports = state.files.map(() => null); state.images = []; state.caseReport = null;
  state.started = performance.now();
  delete document.body.dataset.firstCardMs;
  delete document.body.dataset.done;
  $("cards").replaceChildren(); $("case").hidden = true; $("compose-status").textContent = "";
  state.rows = state.files.map(() => ({status: "uploading", progress: 0}));
  showPhotos();
  const xhr = new XMLHttpRequest();
  let seen = 0;
  xhr.open("POST", "/api/check/events");
  xhr.upload.onprogress = (e) => {
    if (!e.lengthComputable) return;
    const pct = Math.round(100 * e.loaded / e.total);
    state.rows.forEach((r) => { if (r.status === "uploading") r.progress = pct; });
    showPhotos();
  };
  xhr.upload.onload = () => { state.rows.forEach((r) => { if (r.status === "uploading") r.status = "checking"; }); showPhotos(); };
  const readLines = () => {
    if (xhr.status !== 200) return;
    let end;
    while ((end = xhr.responseText.indexOf("\n", seen)) >= 0) {
      const line = xhr.responseText.slice(seen, end);
      seen = end + 1;
      if (line.trim()) onEvent(JSON.parse(line));
    }
  };
  xhr.onprogress = readLines;
  xhr.onload = () => {
    readLines();
    state.busy = false;
    if (xhr.status !== 200) {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: say the server is unreachable */ }
      state.rows = state.files.map(() => ({status: "waiting"}));
      showError(body);
    }
    showPhotos();
    document.body.dataset.done = "1";
  };
  xhr.onerror = () => { state.busy = false; showError(null); showPhotos(); document.body.dataset.done = "1"; };
  xhr.send(formData());
}

function onEvent(e) {
  if (e.event === "accepted") {
    state.rows.forEach((r) => { r.status = "checking"; });
  } else if (e.event === "image") {
    state.reports[e.index] = e.report;
    state.images[e.index] = e.annotated;
    state.rows[e.index] = {status: "done"};
    if (!document.body.dataset.firstCardMs) document.body.dataset.firstCardMs = String(Math.round(performance.now() - state.started));
    showCard(e.index);
  } else if (e.event === "case") {
    state.caseReport = e.report;
    e.report.images.forEach((r, i) => { state.reports[i] = r; showCard(i); });
    showCase(e.report);
  }
  showPhotos();
}

function bilingual(item) {
  // Chinese first; in English, the English beside the Chinese (the platform reads Chinese).
  if (state.lang === "zh") return [el("span", {textContent: item.message_zh})];
  return [el("span", {textContent: item.message}), el("span", {className: "en", lang: "zh-CN", textContent: item.message_zh})];
}

function badge(verdict) { return el("span", {className: `badge ${verdict}`, textContent: word(verdict) || verdict}); }

function showCard(i) {
  const r = state.reports[i];
  let card = document.querySelector(`.card[data-index="${i}"]`);
  if (!card) {
    card = el("article", {className: "card"});
    card.dataset.index = String(i);
    const after = [...$("cards").children].find((c) => Number(c.dataset.index) > i);
    $("cards").insertBefore(card, after || null);
  }
  card.dataset.verdict = r.verdict;
  card.dataset.codes = r.findings.map((f) => f.code).join(" ");
  const facts = [state.lang === "zh" ? WORDS.zh.kinds[r.doc_type] || "—" : WORDS.en.kinds[r.doc_type] || "—"];
  if (r.tracking_numbers.length) facts.push(`${word("tracking_read")} ${r.tracking_numbers.join(", ")}`);
  if (r.weight_kg != null) facts.push(`${word("weight")} ${r.weight_kg} kg`);
  const pic = state.images[i]
    ? el("img", {src: `data:image/jpeg;base64,${state.images[i]}`, alt: r.path})
    : el("div", {className: "nopic", textContent: word("noPicture")});
  card.replaceChildren(
    el("h3", {}, badge(r.verdict), el("span", {className: "name", textContent: r.path})),
    el("p", {className: "facts", textContent: facts.join(" · ")}),
    pic,
    el("ul", {className: "findings"}, ...r.findings.map((f) => el("li", {className: f.severity},
      el("span", {className: "code", textContent: f.code}), ...bilingual(f)))));
}

function showCase(c) {
  $("case").hidden = false;
  $("verdict").replaceChildren(el("span", {textContent: word("caseVerdict")}), badge(c.verdict));
  $("verdict").dataset.verdict = c.verdict;
  $("case-findings").replaceChildren(...c.findings.map((f) => el("li", {className: f.severity},
    el("span", {className: "code", textContent: f.code}), ...bilingual(f))));
  $("todo-title").hidden = !c.todo.length;
  $("todo").replaceChildren(...c.todo.map((t) => el("li", {}, ...bilingual(t))));
  showDeadline();
}

async function compose() {
  const status = $("compose-status");
  status.textContent = word("composing");
  $("compose").disabled = true;
  try {
    const response = await fetch("/api/compose", {method: "POST", body: formData()});
    if (response.status === 200) {
      const url = URL.createObjectURL(await response.blob());
      const a = el("a", {href: url, download: "evidence-upload.jpg"});
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60e3);
      status.textContent = word("composed");
      status.dataset.result = "downloaded";
    } else {
      const body = await response.json().catch(() => null);
      if (body && body.error === "lost_on_upload") {
        status.replaceChildren(el("span", {textContent: word("lost")}),
          el("ul", {}, ...body.lost.map((l) => el("li", {textContent: `${l.photo}: ${l.lost.join("; ")}`}))));
        status.dataset.result = "refused";
      } else {
        status.textContent = body ? (state.lang === "zh" ? body.message_zh : body.message) : word("offline");
        status.dataset.result = "error";
      }
    }
  } catch (e) {
    status.textContent = word("offline");
    status.dataset.result = "error";
  } finally {
    $("compose").disabled = false;
  }
}

$("lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; translate(); });
$("ticket").addEventListener("change", showNeeds);
$("opened").addEventListener("input", showDeadline);
$("album").addEventListener("change", (e) => { addFiles(e.target.files); e.target.value = ""; });
$("camera").addEventListener("change", (e) => { addFiles(e.target.files); e.target.value = ""; });
$("form").addEventListener("submit", check);
$("compose").addEventListener("click", compose);
setInterval(showDeadline, 30e3);

fetch("/api/tickets").then((r) => r.json()).then((body) => {
  state.tickets = body.tickets;
  translate();
  document.body.dataset.ready = "1";
}).catch(() => showError(null));
