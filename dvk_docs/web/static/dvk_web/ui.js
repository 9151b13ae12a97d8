/* dvk-docs web: small helpers, no library, no build step.
   1. File inputs: the styled label "Chọn tệp…" shows the chosen file's name.
   2. Markdown editor (textarea.md): a toolbar (đậm, nghiêng, đề mục, gạch đầu dòng) that
      inserts the Markdown marks around the selection or at the start of the lines. */
(function () {
  "use strict";

  function showFileName(input) {
    var label = input.closest(".file-pick");
    if (!label) return;
    var out = label.querySelector(".file-name");
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    out.textContent = names.length ? names.join(", ") : out.getAttribute("data-empty");
  }

  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches(".file-pick input[type=file]")) showFileName(e.target);
  });

  function changed(area) {
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  function wrap(area, mark, placeholder) {
    var s = area.selectionStart, e = area.selectionEnd, v = area.value;
    var inner = v.slice(s, e) || placeholder;
    area.setRangeText(mark + inner + mark, s, e, "end");
    area.setSelectionRange(s + mark.length, s + mark.length + inner.length);
    changed(area);
  }

  function prefixLines(area, prefix) {
    var v = area.value;
    var s = v.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var e = v.indexOf("\n", Math.max(area.selectionEnd - 1, s));
    if (e < 0) e = v.length;
    var lines = v.slice(s, e).split("\n").map(function (line) {
      var bare = line.replace(/^(#{1,6} |- |\* )/, "");
      return line.indexOf(prefix) === 0 ? bare : prefix + bare;
    });
    area.setRangeText(lines.join("\n"), s, e, "select");
    changed(area);
  }

  var ACTIONS = {
    bold: function (a) { wrap(a, "**", "chữ đậm"); },
    italic: function (a) { wrap(a, "*", "chữ nghiêng"); },
    h1: function (a) { prefixLines(a, "# "); },
    h2: function (a) { prefixLines(a, "## "); },
    list: function (a) { prefixLines(a, "- "); }
  };

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-md]");
    if (!button) return;
    e.preventDefault();
    var area = document.getElementById(button.closest(".md-toolbar").getAttribute("data-for"));
    if (area && ACTIONS[button.getAttribute("data-md")]) ACTIONS[button.getAttribute("data-md")](area);
  });

  document.addEventListener("keydown", function (e) {
    if (!(e.ctrlKey || e.metaKey) || !e.target.matches || !e.target.matches("textarea.md")) return;
    var key = e.key.toLowerCase();
    if (key === "b" || key === "i") {
      e.preventDefault();
      ACTIONS[key === "b" ? "bold" : "italic"](e.target);
    }
  });
})();
