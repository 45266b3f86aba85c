/* magcheck recall and food-log conveniences. The pages work without this file; it adds: typing is
   saved as it happens (so a reload or a language switch loses nothing), food suggestions in every
   field where a food is typed (the last food of a sentence in the meal boxes), and Enter in a small
   "type it again" field presses its own button. Requests go only to this same server, as JSON. */
(function () {
  "use strict";
  /* the page names its language and the script's words (from the catalogue) */
  var page = document.body.dataset;
  var lang = page.lang;
  var L = JSON.parse(page.words);
  var SEP = /[,，、;；\n。]/;
  var AMOUNT = /^\s*(?:(?:\d+(?:[.,]\d+)?|an?|one|two|three|half)\s*(?:g|kg|ml|l|oz|cups?|bowls?|glass(?:es)?|tbsp|tsp|slices?|pieces?|handfuls?|squares?)?\s*(?:of\s+)?|[一二两三四五六七八九十半\d]+\s*[碗杯个根片块勺把盘份盒瓶袋]?)/i;

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function token(form) { var f = form && form.querySelector("input[name=csrf_token]"); return f ? f.value : ""; }

  /* ---------------------------------------------------------------- autosave */
  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var fields = form.querySelectorAll("[data-save]");
    if (!url || !fields.length) { return; }
    var timer = null, pending = Promise.resolve();
    function payload(initial) {
      var body = { quick: {}, probes: {} };
      each(fields, function (el) {
        var parts = el.getAttribute("data-save").split(".");
        body[parts[0]][parts[1]] = initial ? el.defaultValue : el.value;
      });
      return JSON.stringify(body);
    }
    /* what the server holds: the page as it was sent. Comparing against it (not an "input seen" flag)
       keeps words typed before this script ran, too. */
    var stored = payload(true);
    /* the promise settles once everything typed so far is stored (a save still on its way included) */
    function save(keepalive) {
      clearTimeout(timer);
      var body = payload(false);
      if (body === stored) { return pending; }
      var previous = stored;
      stored = body;
      /* one save after another, so an older text never lands after a newer one */
      pending = pending.then(function () {
        return fetch(url, {
          method: "POST", credentials: "same-origin", keepalive: !!keepalive,
          headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token(form) },
          body: body
        });
      }).then(function (response) {
        if (!response.ok && stored === body) { stored = previous; }
      }).catch(function () { if (stored === body) { stored = previous; } });
      return pending;
    }
    form.addEventListener("input", function (e) {
      if (e.target.hasAttribute && e.target.hasAttribute("data-save")) {
        clearTimeout(timer); timer = setTimeout(save, 400);
      }
    });
    /* leaving by the language switch: keep the words first, then go */
    each(document.querySelectorAll("[data-testid=lang-switch]"), function (link) {
      link.addEventListener("click", function (e) {
        if (!link.href) { return; }
        e.preventDefault();
        save().then(function () { window.location.href = link.href; });
      });
    });
    form.addEventListener("submit", function () { stored = payload(false); clearTimeout(timer); });
    window.addEventListener("pagehide", function () { save(true); });
  }

  /* the pass list: going to another pass first saves (and reads) this one */
  function passLinks(form) {
    each(document.querySelectorAll(".passes a"), function (link) {
      link.addEventListener("click", function (e) {
        var step = link.getAttribute("href").split("/").pop();
        var b = document.createElement("button");
        b.type = "submit"; b.name = "action"; b.value = "goto:" + step; b.hidden = true;
        form.appendChild(b);
        e.preventDefault();
        b.click();
      });
    });
  }

  /* ---------------------------------------------------------------- Enter presses the field's button */
  function enterKeys(form) {
    each(form.querySelectorAll("[data-enter]"), function (input) {
      input.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" || e.defaultPrevented) { return; }
        var value = input.getAttribute("data-enter");
        var button = form.querySelector("button[name=action][value='" + value + "']");
        if (button) { e.preventDefault(); button.click(); }
      });
    });
  }

  /* ---------------------------------------------------------------- food suggestions */
  var uid = 0;
  function complete(input) {
    var box = input.parentNode.querySelector(".suggestions") || input.closest(".field").querySelector(".suggestions");
    if (!box) {
      box = document.createElement("ul"); box.className = "suggestions"; box.hidden = true;
      input.parentNode.appendChild(box);
    }
    uid += 1;
    box.id = box.id || "fs-" + uid;
    box.setAttribute("role", "listbox");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", box.id);
    var timer = null, items = [], active = -1, seq = 0, part = null;
    var status = document.getElementById("food-status");

    function current() {
      /* the food being typed: after the last separator, without its amount */
      var upto = input.value.slice(0, input.selectionStart == null ? input.value.length : input.selectionStart);
      var start = 0;
      for (var i = upto.length - 1; i >= 0; i--) { if (SEP.test(upto.charAt(i))) { start = i + 1; break; } }
      var fragment = upto.slice(start);
      var lead = (fragment.match(/^\s*/) || [""])[0];
      lead += (fragment.slice(lead.length).match(AMOUNT) || [""])[0];
      var andAt = Math.max(fragment.lastIndexOf(" and "), fragment.lastIndexOf("和"));
      if (andAt > lead.length) { lead = fragment.slice(0, andAt + (fragment.charAt(andAt) === "和" ? 1 : 5)); lead += (fragment.slice(lead.length).match(AMOUNT) || [""])[0]; }
      return { start: start + lead.length, end: upto.length, query: fragment.slice(lead.length).trim() };
    }
    function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; input.removeAttribute("aria-activedescendant"); }
    function render(foods) {
      box.innerHTML = ""; items = foods;
      if (!foods.length) {
        var empty = document.createElement("li");
        empty.className = "empty"; empty.textContent = L.no_match; empty.setAttribute("aria-disabled", "true");
        box.appendChild(empty);
      }
      foods.forEach(function (f, i) {
        var li = document.createElement("li");
        li.id = box.id + "-" + i; li.setAttribute("role", "option");
        li.textContent = f["name_" + lang] || f.name_en;
        var sub = document.createElement("span");
        sub.className = "sub";
        sub.textContent = (f.mg_per_100g === null ? "–" : Math.round(f.mg_per_100g)) + " " + L.per_100g;
        li.appendChild(sub);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
        box.appendChild(li);
      });
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (status) { status.textContent = foods.length ? (status.getAttribute("data-found") || "").replace("{n}", String(foods.length)) : L.no_match; }
    }
    function highlight(i) {
      var options = box.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (i + options.length) % options.length;
      each(options, function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
    }
    function pick(i) {
      var f = items[i];
      if (!f || !part) { return; }
      var name = f["name_" + lang] || f.name_en;
      var before = input.value.slice(0, part.start), after = input.value.slice(part.end);
      input.value = before + name + after;
      var caret = (before + name).length;
      input.setSelectionRange(caret, caret);
      close();
      input.dispatchEvent(new Event("input", { bubbles: true }));
      close();
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      part = current();
      if (part.query.length < 1 || /^\d/.test(part.query)) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/v1/foods/search?limit=6&lang=" + lang + "&q=" + encodeURIComponent(part.query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (foods) { if (mine === seq && document.activeElement === input) { render(foods); } })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (box.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); pick(active); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  ready(function () {
    each(document.querySelectorAll("[data-food-complete]"), complete);
    var form = document.getElementById("recall-form");
    if (!form) { return; }
    enterKeys(form);
    autosave(form);
    passLinks(form);
  });
})();
