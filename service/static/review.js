// Keyboard shortcuts, select-all and the guards that keep a reviewer's work on the review
// pages. The pages work without it.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function byId(id) { return document.getElementById(id); }
  function show(id, focusId) {
    var box = byId(id);
    if (!box) return;
    box.hidden = false;
    var field = byId(focusId);
    if (field) { field.focus(); if (field.select && field.tagName === "TEXTAREA") field.setSelectionRange(field.value.length, field.value.length); }
  }
  function normal(value) { return value.replace(/\r\n?/g, "\n").trim(); }
  // An edit typed but not yet checked and saved: the text differs from the suggestion's own.
  function unsavedEdit() {
    var text = byId("text");
    return !!text && text.hasAttribute("data-original") && normal(text.value) !== normal(text.getAttribute("data-original"));
  }
  function typedComment() {
    var comment = byId("comment");
    return !!comment && comment.value !== comment.defaultValue;
  }
  function openDialog() {
    var dialog = document.querySelector("dialog[open]");
    return dialog && dialog.open ? dialog : null;
  }
  // A "Choose a reason" left on the reason field would stop every later submit of the form:
  // it is cleared as soon as the reviewer does anything else.
  function clearReasonCheck() {
    ["reason", "reason_detail"].forEach(function (id) { var field = byId(id); if (field) field.setCustomValidity(""); });
  }

  var submitting = false;
  document.addEventListener("DOMContentLoaded", function () {
    var form = byId("decide");
    var text = byId("text");
    var editToggle = byId("edit-toggle");
    if (editToggle) editToggle.addEventListener("click", function () { clearReasonCheck(); show("edit-box", "text"); });
    var rejectToggle = byId("reject-toggle");
    if (rejectToggle) rejectToggle.addEventListener("click", function () { show("reject-box", "reason"); });
    var reject = byId("reject");
    if (reject) reject.addEventListener("click", function (event) {
      var reason = byId("reason");
      var detail = byId("reason_detail");
      clearReasonCheck();
      if (!reason.value || (reason.value === "other" && !detail.value.trim())) {
        event.preventDefault();
        var field = reason.value ? detail : reason;
        field.focus();
        field.setCustomValidity(reason.value ? "Say why: “other” needs details" : "Choose a reason");
        field.reportValidity();
      }
    });
    ["reason", "reason_detail"].forEach(function (id) {
      var field = byId(id);
      if (field) {
        field.addEventListener("change", clearReasonCheck);
        field.addEventListener("input", clearReasonCheck);
        field.addEventListener("blur", clearReasonCheck);
      }
    });

    // Accept with an edit typed but not saved asks which text to accept, never drops it.
    var accept = byId("accept");
    var ask = byId("unsaved-edit");
    if (accept) accept.addEventListener("click", function (event) {
      clearReasonCheck();
      if (unsavedEdit() && ask && ask.showModal) {
        event.preventDefault();
        if (!ask.open) ask.showModal();
      }
    });
    ["edit-accept", "accept-edit", "accept-original"].forEach(function (id) {
      var button = byId(id);
      if (button) button.addEventListener("click", clearReasonCheck);
    });
    var keep = byId("keep-editing");
    if (keep) keep.addEventListener("click", function () { ask.close("keep"); });
    if (ask) ask.addEventListener("close", function () {
      if (!submitting) { show("edit-box", "text"); }
    });

    // The edit's state is shown in the decision bar while it differs from the suggestion.
    var state = byId("edit-state");
    function showState() { if (state) state.hidden = !unsavedEdit(); }
    if (text) {
      text.addEventListener("input", showState);
      showState();
      text.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          byId("edit-accept").click();
        }
      });
    }
    if (form) form.addEventListener("submit", function () { submitting = true; });
    // Leaving the page (Next, the queue, a reload) with an unsaved edit or comment asks first.
    window.addEventListener("beforeunload", function (event) {
      if (!submitting && (unsavedEdit() || typedComment())) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.addEventListener("pageshow", function () { submitting = false; });

    var all = byId("select-all");
    if (all) all.addEventListener("change", function () {
      document.querySelectorAll("input[name=selected]").forEach(function (box) { box.checked = all.checked; });
    });
    if (byId("error") && text && !byId("edit-box").hidden) {
      text.focus();
    }
  });

  var row = -1;
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr")); }
  function mark(index) {
    var all = rows();
    if (!all.length) return;
    row = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (tr, i) { tr.classList.toggle("current", i === row); });
    all[row].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (openDialog()) return;  // a question on screen takes its own keys (Esc, Tab, Enter)
    // Esc leaves a field and keeps what was typed in it.
    if (event.key === "Escape" && typing(document.activeElement)) { document.activeElement.blur(); return; }
    if (typing(document.activeElement) || event.ctrlKey || event.metaKey || event.altKey) return;
    var click = function (id) { var el = byId(id); if (el && !el.disabled) { event.preventDefault(); el.click(); } };
    switch (event.key) {
      case "a": click("accept"); break;
      case "e": click("edit-toggle"); break;
      case "r": click("reject-toggle"); break;
      case "n": click("next"); break;
      case "j": event.preventDefault(); mark(row + 1); break;
      case "k": event.preventDefault(); mark(row - 1); break;
      case "x": {
        var current = rows()[row];
        var box = current && current.querySelector("input[name=selected]");
        if (box) { event.preventDefault(); box.checked = !box.checked; }
        break;
      }
      case "Enter": {
        var tr = rows()[row];
        if (tr) { event.preventDefault(); window.location = tr.getAttribute("data-href"); }
        break;
      }
    }
  });
})();

// A batch page follows its job live: the page polls the job resource while it runs.
(function () {
  const live = document.querySelector(".batch-live");
  if (!live) return;
  const id = live.dataset.batch;
  const set = (selector, value) => {
    const node = live.querySelector(selector);
    if (node) node.textContent = value;
  };
  async function poll() {
    let job;
    try {
      const reply = await fetch(`/api/batches/${encodeURIComponent(id)}`, { credentials: "same-origin" });
      if (!reply.ok) return setTimeout(poll, 5000);
      job = await reply.json();
    } catch (_) {
      return setTimeout(poll, 5000);
    }
    const c = job.counts, u = job.usage;
    const state = live.querySelector('[data-field="state"]');
    state.textContent = job.state;
    state.className = `badge state-${job.state}`;
    set('[data-field="phase"]', job.phase);
    live.querySelector('[data-field="progress"]').value = job.progress;
    set('[data-field="done"]', c.drafted + c.failed);
    set('[data-field="to_draft"]', c.to_draft);
    for (const key of Object.keys(c)) set(`[data-count="${key}"]`, c[key]);
    set('[data-usage="model_calls"]', u.model_calls);
    set('[data-usage="tokens"]', u.prompt_tokens + u.completion_tokens);
    set('[data-usage="cost"]', u.cost === null ? "not priced" : `$${u.cost.toFixed(4)}`);
    const error = live.querySelector('[data-field="error"]');
    error.hidden = !job.error;
    error.textContent = job.error || "";
    if (job.state === "queued" || job.state === "running") setTimeout(poll, 1500);
    else if (live.dataset.state !== job.state) window.location.reload();
  }
  if (live.dataset.state === "queued" || live.dataset.state === "running") setTimeout(poll, 1000);
})();
