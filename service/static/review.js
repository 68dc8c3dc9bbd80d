// Keyboard shortcuts and select-all for the review pages. The pages work without it.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function show(id, focusId) {
    var box = document.getElementById(id);
    if (!box) return;
    box.hidden = false;
    var field = document.getElementById(focusId);
    if (field) { field.focus(); if (field.select && field.tagName === "TEXTAREA") field.setSelectionRange(field.value.length, field.value.length); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var editToggle = document.getElementById("edit-toggle");
    if (editToggle) editToggle.addEventListener("click", function () { show("edit-box", "text"); });
    var rejectToggle = document.getElementById("reject-toggle");
    if (rejectToggle) rejectToggle.addEventListener("click", function () { show("reject-box", "reason"); });
    var reject = document.getElementById("reject");
    if (reject) reject.addEventListener("click", function (event) {
      var reason = document.getElementById("reason");
      var detail = document.getElementById("reason_detail");
      if (!reason.value || (reason.value === "other" && !detail.value.trim())) {
        event.preventDefault();
        (reason.value ? detail : reason).focus();
        reason.setCustomValidity(reason.value ? "" : "Choose a reason");
        reason.reportValidity();
      }
    });
    var reasonSelect = document.getElementById("reason");
    if (reasonSelect) reasonSelect.addEventListener("change", function () { reasonSelect.setCustomValidity(""); });
    var text = document.getElementById("text");
    if (text) text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        document.getElementById("edit-accept").click();
      }
    });
    var all = document.getElementById("select-all");
    if (all) all.addEventListener("change", function () {
      document.querySelectorAll("input[name=selected]").forEach(function (box) { box.checked = all.checked; });
    });
    if (document.getElementById("error") && document.getElementById("text") && !document.getElementById("edit-box").hidden) {
      document.getElementById("text").focus();
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
    if (event.key === "Escape" && typing(document.activeElement)) { document.activeElement.blur(); return; }
    if (typing(document.activeElement) || event.ctrlKey || event.metaKey || event.altKey) return;
    var click = function (id) { var el = document.getElementById(id); if (el && !el.disabled) { event.preventDefault(); el.click(); } };
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
