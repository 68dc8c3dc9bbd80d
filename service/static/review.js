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
