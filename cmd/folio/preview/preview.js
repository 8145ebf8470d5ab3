// The Folio preview page: the chapters of the last good build in a frame,
// refreshed after every build through server-sent events, and the errors
// of a failed build over it.
"use strict";

const $ = (id) => document.getElementById(id);
const frame = $("frame");
let state = null;   // the last state the server sent
let shown = -1;     // the build number of the documents in the frame
let current = "";   // the document shown, as /book/… without version

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
