// The Folio preview page: the chapters of the last good build in a frame
// and the draft's pages beside them, refreshed after every build through
// server-sent events, and the errors of a failed build over it. A
// paragraph clicked on a page gives its place in the manuscript and an
// editor link; the pages scroll to the part just edited.
"use strict";

const $ = (id) => document.getElementById(id);
const frame = $("frame");
let state = null;   // the last state the server sent
let shown = -1;     // the build number of the documents in the frame
let current = "";   // the document shown, as /book/… without version
let pagesShown = -1; // the build number of the pages shown

function docFromHash() {
  const m = /^#doc=(.+)$/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : "";
}

function show(href, keepScroll) {
  if (!state || state.docs.length === 0) return;
  if (!state.docs.some((d) => d.href === href)) href = state.docs[0].href;
  let y = 0;
  if (keepScroll && href === current) {
    try { y = frame.contentWindow.scrollY; } catch (e) { y = 0; }
  }
  current = href;
  shown = state.version;
  frame.onload = () => {
    try { if (y) frame.contentWindow.scrollTo(0, y); } catch (e) { /* other origin */ }
    frame.onload = followFrame;
  };
  frame.src = href + "?v=" + state.version;
  if (docFromHash() !== href) history.replaceState(null, "", "#doc=" + encodeURIComponent(href));
  markCurrent();
}

// followFrame keeps the contents in step when a link inside the book
// leads to another document.
function followFrame() {
  let p = "";
  try { p = frame.contentWindow.location.pathname; } catch (e) { return; }
  if (p && p !== current && state.docs.some((d) => d.href === p)) {
    current = p;
    history.replaceState(null, "", "#doc=" + encodeURIComponent(p));
    markCurrent();
  }
}

function markCurrent() {
  for (const a of $("nav").querySelectorAll("a")) {
    if (a.getAttribute("href") === "#doc=" + encodeURIComponent(current)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  $("docs").value = current;
}

function step(by) {
  const i = state.docs.findIndex((d) => d.href === current);
  const j = i + by;
  if (j >= 0 && j < state.docs.length) show(state.docs[j].href, false);
}

function render(next) {
  const docsChanged = !state || JSON.stringify(state.docs) !== JSON.stringify(next.docs);
  state = next;
  document.title = (next.title || "Folio") + " — preview";
  $("title").textContent = next.title || "Folio preview";
  $("status").textContent = next.status;
  $("status").classList.toggle("failed", next.errors.length > 0);
  $("pdf").href = next.pdf || "/draft.pdf";
  if (docsChanged) {
    const nav = $("nav"), sel = $("docs");
    nav.replaceChildren();
    sel.replaceChildren();
    for (const d of next.docs) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#doc=" + encodeURIComponent(d.href);
      a.textContent = d.title || d.href;
      li.append(a);
      nav.append(li);
      sel.append(new Option(d.title || d.href, d.href));
    }
  }
  if (next.version > 0 && next.version !== shown) show(current || docFromHash(), true);
  if (next.version > 0 && next.version !== pagesShown) showPages(next.version, next.focus);
  const list = $("errors");
  list.replaceChildren();
  for (const e of next.errors) {
    const li = document.createElement("li");
    if (e.pos) {
      const pos = document.createElement("span");
      pos.className = "pos";
      pos.textContent = e.pos + ": ";
      li.append(pos);
    }
    li.append(e.message);
    if (e.hint) {
      const hint = document.createElement("div");
      hint.className = "hint";
      hint.textContent = "hint: " + e.hint;
      li.append(hint);
    }
    list.append(li);
  }
  $("overlay").querySelector(".kept").hidden = next.version === 0;
  $("overlay").hidden = next.errors.length === 0;
}

// showPages draws the draft's pages of build v, keeping the scroll, or
// scrolling to focus, the place of the last edit.
async function showPages(v, focus) {
  pagesShown = v;
  let pages;
  try {
    const r = await fetch("/pages?v=" + v);
    pages = await r.json();
  } catch (e) { return; }
  if (v !== pagesShown) return; // a newer build came meanwhile
  const pane = $("pages");
  const top = pane.scrollTop;
  for (const f of pane.querySelectorAll(".page")) f.remove();
  pages.forEach((p, i) => {
    const fig = document.createElement("figure");
    fig.className = "page";
    fig.id = "page-" + (i + 1);
    fig.dataset.label = p.label;
    const sheet = document.createElement("div");
    sheet.className = "sheet";
    sheet.style.aspectRatio = p.w + " / " + p.h;
    const img = document.createElement("img");
    img.loading = "lazy";
    img.alt = "Page " + (p.label || i + 1);
    img.src = "/page/" + (i + 1) + ".svg?v=" + v;
    sheet.append(img);
    for (const s of p.sources) {
      const a = document.createElement(s.problem ? "div" : "a");
      a.className = s.problem ? "problem" : "src";
      a.style.left = (100 * s.x / p.w) + "%";
      a.style.top = (100 * s.y / p.h) + "%";
      a.style.width = (100 * s.w / p.w) + "%";
      a.style.height = (100 * s.h / p.h) + "%";
      a.dataset.pos = s.pos;
      a.title = (s.problem ? s.problem + " — " : "") + s.pos;
      if (s.problem) {
        const label = document.createElement("span");
        label.textContent = s.problem;
        a.append(label);
      } else {
        a.href = s.editor;
      }
      a.addEventListener("click", (e) => { e.preventDefault(); where(s); });
      sheet.append(a);
    }
    const cap = document.createElement("figcaption");
    cap.textContent = p.label ? "page " + p.label : "(no folio)";
    fig.append(sheet, cap);
    pane.append(fig);
  });
  if (focus) {
    const fig = $("page-" + (focus.page + 1));
    if (fig) {
      const sheet = fig.querySelector(".sheet");
      const y = fig.offsetTop - pane.offsetTop + sheet.clientHeight * focus.y / pages[focus.page].h;
      pane.scrollTop = Math.max(0, y - pane.clientHeight / 3);
      for (const a of sheet.querySelectorAll(".src")) {
        if (a.dataset.pos === focus.pos) a.classList.add("focus");
      }
    }
  } else {
    pane.scrollTop = top;
  }
}

// where shows a place in the manuscript, with its editor link.
function where(s) {
  $("where-problem").textContent = s.problem || "";
  $("where-pos").textContent = s.pos;
  $("where-editor").href = s.editor;
  $("where").hidden = false;
}
$("where-close").addEventListener("click", () => { $("where").hidden = true; });

window.addEventListener("hashchange", () => {
  const h = docFromHash();
  if (h && h !== current) show(h, false);
});
$("docs").addEventListener("change", (e) => show(e.target.value, false));
$("prev").addEventListener("click", () => step(-1));
$("next").addEventListener("click", () => step(1));
document.addEventListener("keydown", (e) => {
  if (e.altKey && e.key === "ArrowLeft") step(-1);
  if (e.altKey && e.key === "ArrowRight") step(1);
});

const events = new EventSource("/events");
events.addEventListener("build", (e) => render(JSON.parse(e.data)));
events.onerror = () => { $("status").textContent = "disconnected from folio serve; retrying…"; };
