/* magcheck progressive enhancement. Every page works without this file: it only shows the form one
   step at a time, suggests foods while typing, offers each food's own portions and hides warning
   questions that do not apply. No data leaves the page except food searches to this same server. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  /* the page names its language, the one shown beside it and the script's words (from the catalogue) */
  var page = document.body.dataset;
  var lang = page.lang;
  var otherLang = page.otherLang;
  var L = JSON.parse(page.words);

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  /* ---------------------------------------------------------------- wizard */
  function wizard(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
    var links = form.querySelectorAll("[data-step-link]");
    var submit = form.querySelector(".wizard-actions");
    if (!steps.length) { return; }
    var current = 0;
    var firstError = form.querySelector(".has-error, [aria-invalid='true']");
    if (firstError) {
      steps.forEach(function (s, i) { if (s.contains(firstError)) { current = i; } });
    }
    steps.forEach(function (step, i) {
      var bar = document.createElement("div");
      bar.className = "step-buttons";
      if (i > 0) { bar.appendChild(button(L.back, "secondary", function () { show(i - 1, true); })); }
      else { bar.appendChild(document.createElement("span")); }
      if (i < steps.length - 1) { bar.appendChild(button(L.next, "primary", function () { show(i + 1, true); })); }
      step.appendChild(bar);
    });
    function button(text, cls, onClick) {
      var b = document.createElement("button");
      b.type = "button"; b.className = cls; b.textContent = text;
      b.addEventListener("click", onClick);
      return b;
    }
    function show(index, focus) {
      current = index;
      steps.forEach(function (s, i) { s.hidden = i !== index; });
      Array.prototype.forEach.call(links, function (li, i) {
        li.classList.toggle("current", i === index);
        li.classList.toggle("done", i < index);
        if (i === index) { li.setAttribute("aria-current", "step"); } else { li.removeAttribute("aria-current"); }
      });
      submit.hidden = index !== steps.length - 1;
      if (index === 3) { filterWarnings(form); }
      if (focus) {
        var target = steps[index].querySelector("input:not([type=hidden]), select, textarea");
        if (target) { target.focus(); }
        steps[index].scrollIntoView({ block: "start" });
      }
    }
    /* the step list doubles as a way back (or ahead: only age and sex are required) */
    Array.prototype.forEach.call(links, function (li, i) {
      var jump = button(li.textContent, "step-link", function () { show(i, true); });
      li.textContent = "";
      li.appendChild(jump);
    });
    show(current, false);
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
      /* a link in the error summary opens the step that holds the field */
      Array.prototype.forEach.call(summary.querySelectorAll("a[href^='#']"), function (link) {
        link.addEventListener("click", function (e) {
          var target = document.getElementById(link.getAttribute("href").slice(1));
          if (!target) { return; }
          e.preventDefault();
          steps.forEach(function (s, i) { if (s.contains(target)) { show(i, false); } });
          var focusable = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
          (focusable || target).focus();
        });
      });
    }
  }

  /* ---------------------------------------------------------------- intake mode */
  function intakeMode(form) {
    var radios = form.querySelectorAll("input[name='intake.mode']");
    var panels = form.querySelectorAll(".mode-panel");
    function update() {
      var mode = (form.querySelector("input[name='intake.mode']:checked") || {}).value || "food_log";
      Array.prototype.forEach.call(panels, function (p) { p.hidden = p.getAttribute("data-mode") !== mode; });
    }
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", update); });
    update();
  }

  /* ---------------------------------------------------------------- warning questions */
  function filterWarnings(form) {
    var reported = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[data-sign]:checked"), function (r) {
      if (r.value !== "never") { reported[r.getAttribute("data-sign")] = true; }
    });
    var shown = 0;
    Array.prototype.forEach.call(form.querySelectorAll(".warning-q"), function (q) {
      if (form.getAttribute("data-all-warnings") === "1") { q.hidden = false; shown++; return; }
      var related = (q.getAttribute("data-related") || "").split(" ");
      var relevant = related.some(function (s) { return reported[s]; });
      var checked = q.querySelector("input").checked;
      q.hidden = !(relevant || checked);
      if (!q.hidden) { shown++; }
    });
    var none = document.getElementById("warning-none");
    var all = document.getElementById("show-all-warnings");
    if (none) { none.hidden = shown > 0; }
    if (all) { all.parentNode.hidden = form.getAttribute("data-all-warnings") === "1"; }
  }

  /* ---------------------------------------------------------------- food search */
  function foodSearch(input) {
    var row = input.closest(".food-row");
    var list = row.querySelector(".suggestions");
    var ndb = row.querySelector(".food-ndb");
    var unit = row.querySelector(".food-unit");
    var amount = row.querySelector("input[name$='.amount']");
    var timer = null, items = [], active = -1, seq = 0;

    var status = document.getElementById("food-status");
    function announce(text) { if (status) { status.textContent = text; } }
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; input.removeAttribute("aria-activedescendant"); }
    function render(foods) {
      list.innerHTML = "";
      items = foods;
      if (!foods.length) {
        var li = document.createElement("li");
        li.className = "empty"; li.textContent = L.no_match; li.setAttribute("aria-disabled", "true");
        list.appendChild(li);
      }
      foods.forEach(function (f, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        var main = f["name_" + lang] || f.name_en;
        var sub = f["name_" + otherLang] || "";
        li.textContent = main;
        var span = document.createElement("span");
        span.className = "sub";
        if (sub) {  /* the name in the other language, read in that language */
          var other = document.createElement("span");
          other.lang = page.otherTag;
          other.textContent = sub;
          span.appendChild(other);
          span.appendChild(document.createTextNode(" · "));
        }
        span.appendChild(document.createTextNode((f.mg_per_100g === null ? "–" : Math.round(f.mg_per_100g)) + " " + L.per_100g));
        li.appendChild(span);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      /* a screen reader hears how many foods were found, since the list itself takes no focus */
      announce(foods.length ? (status ? status.getAttribute("data-found") : "").replace("{n}", String(foods.length)) : L.no_match);
    }
    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (i + options.length) % options.length;
      Array.prototype.forEach.call(options, function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    function pick(i) {
      var f = items[i];
      if (!f) { return; }
      input.value = f["name_" + lang] || f.name_en;
      ndb.value = f.id;
      unit.removeAttribute("data-food");
      unit.removeAttribute("data-user-set");
      close();
      fetch("/api/v1/foods/" + encodeURIComponent(f.id) + "?lang=" + lang, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (food) { if (food) { portions(food); } });
    }
    function portions(food) {
      if (ndb.value !== food.id) { return; }  /* another food was picked or typed meanwhile */
      /* a unit the person already chose while the portions were loading is kept when it still exists */
      var chosen = unit.getAttribute("data-user-set") === "1" ? unit.value : null;
      unit.innerHTML = "";
      var g = document.createElement("option");
      g.value = "g"; g.textContent = L.grams;
      (food.portions || []).forEach(function (p) {
        var o = document.createElement("option");
        o.value = p.unit;
        var label = p["label_" + lang] || p.label_en;
        o.textContent = label + " (" + Math.round(p.grams / p.amount) + " " + L.g + ")";
        unit.appendChild(o);
      });
      unit.appendChild(g);
      var preferred = food.plan_portion && unit.querySelector("option[value='" + food.plan_portion + "']");
      if (chosen && unit.querySelector("option[value='" + chosen + "']")) { unit.value = chosen; }
      else { unit.value = preferred ? food.plan_portion : unit.options[0].value; }
      if (!amount.value) { amount.value = unit.value === "g" ? "100" : "1"; }
      unit.setAttribute("data-food", food.id);
      if (document.activeElement === input || document.activeElement === document.body) { amount.focus(); }
    }
    unit.addEventListener("change", function () { unit.setAttribute("data-user-set", "1"); });
    input.addEventListener("input", function () {
      if (ndb.value) {  /* the picked food was edited away: its own portions no longer apply */
        ndb.value = "";
        unit.innerHTML = unit.getAttribute("data-generic") || unit.innerHTML;
      }
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 1 || /^\d/.test(q)) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/v1/foods/search?limit=8&lang=" + lang + "&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (foods) { if (mine === seq && document.activeElement === input) { render(foods); } })
          .catch(close);
      }, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); pick(active); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function addRowButton(form) {
    var add = document.getElementById("add-rows");
    var container = document.getElementById("food-rows");
    var count = document.getElementById("food-rows-count");
    if (!add || !container) { return; }
    add.addEventListener("click", function (e) {
      e.preventDefault();
      var rows = container.querySelectorAll(".food-row");
      var last = rows[rows.length - 1];
      var n = rows.length;
      var clone = last.cloneNode(true);
      clone.setAttribute("data-row", String(n));
      clone.classList.remove("has-error");
      Array.prototype.forEach.call(clone.querySelectorAll(".field-error"), function (el) { el.remove(); });
      Array.prototype.forEach.call(clone.querySelectorAll("[name], [id], [for], [aria-controls]"), function (el) {
        ["name", "id", "for", "aria-controls"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) { el.setAttribute(attr, v.replace(/(food[.-]|sugg-)\d+/, "$1" + n)); }
        });
        el.removeAttribute("aria-invalid"); el.removeAttribute("aria-describedby");
      });
      Array.prototype.forEach.call(clone.querySelectorAll("input"), function (el) { el.value = ""; });
      var day = clone.querySelector("select[name$='.day']");
      day.value = last.querySelector("select[name$='.day']").value;
      var u = clone.querySelector(".food-unit");
      u.innerHTML = last.querySelector(".food-unit").getAttribute("data-generic") || u.innerHTML;
      u.removeAttribute("data-food");
      u.removeAttribute("data-user-set");
      container.appendChild(clone);
      count.value = String(n + 1);
      foodSearch(clone.querySelector(".food-search"));
      clone.querySelector(".food-search").focus();
    });
  }

  /* a chart wider than a phone scrolls inside its frame: let the keyboard scroll it too */
  function scrollableCharts() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.chart"), function (fig) {
      if (fig.scrollWidth > fig.clientWidth + 1) {
        var title = fig.querySelector("svg title");
        fig.setAttribute("tabindex", "0");
        fig.setAttribute("role", "region");
        if (title) { fig.setAttribute("aria-label", title.textContent); }
      }
    });
  }

  ready(scrollableCharts);

  ready(function () {
    var form = document.getElementById("assess-form");
    if (!form) { return; }
    Array.prototype.forEach.call(form.querySelectorAll(".food-unit"), function (u) { u.setAttribute("data-generic", u.innerHTML); });
    Array.prototype.forEach.call(form.querySelectorAll(".js-only"), function (el) { el.hidden = false; });
    var all = document.getElementById("show-all-warnings");
    if (all) { all.addEventListener("click", function () { form.setAttribute("data-all-warnings", "1"); filterWarnings(form); }); }
    Array.prototype.forEach.call(form.querySelectorAll(".food-search"), foodSearch);
    addRowButton(form);
    intakeMode(form);
    wizard(form);
    form.addEventListener("submit", function () {
      /* answers in hidden steps must count: show every step so nothing hidden is skipped */
      Array.prototype.forEach.call(form.querySelectorAll(".warning-q"), function (q) { q.hidden = false; });
    });
  });
})();
