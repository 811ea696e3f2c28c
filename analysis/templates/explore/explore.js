// The page's glue (no plotting here: Bokeh draws). It keeps one view state - the selected event,
// the filters, the map's day - applies it to the list, the plots and the evidence panel, and
// mirrors it in the URL fragment (#event=mosul:retaken:1&from=2016-01-01&...), so a view can be cited.
// Text from the data is always inserted with textContent, never as HTML.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("chronology-data").textContent);
  const EVENTS = DATA.events;
  const INDEX = new Map(EVENTS.map((e, i) => [e.event_id, i]));
  const form = document.getElementById("filters");
  const panel = document.querySelector('[data-role="evidence"]');
  const items = new Map([...document.querySelectorAll("#events li[data-event-id]")].map((li) => [li.dataset.eventId, li]));
  const LISTS = ["country", "family", "tier", "agreement"];
  const DAY_MS = 86400000;
  const defaults = { from: form.elements.from.value, to: form.elements.to.value, day: DATA.lastDay };
  const state = { event: null, day: DATA.lastDay };
  let doc = null;
  let quiet = false; // true while the page itself changes a Bokeh selection

  const model = (name) => doc && doc.get_model_by_name(name);
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
  const allValues = (name) => [...form.querySelectorAll(`input[name="${name}"]`)].map((i) => i.value);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // --- filters -------------------------------------------------------------------------------
  function shown() {
    const from = form.elements.from.value || defaults.from, to = form.elements.to.value || defaults.to;
    const want = Object.fromEntries(LISTS.map((n) => [n, new Set(checked(n))]));
    return EVENTS.map((e) => e.latest >= from && e.earliest <= to && want.country.has(e.lane)
      && want.family.has(e.family) && want.agreement.has(e.agreement)
      && e.tiers.split("|").some((t) => want.tier.has(t)));
  }

  function applyFilters() {
    const mask = shown();
    EVENTS.forEach((e, i) => { items.get(e.event_id).hidden = !mask[i]; });
    const n = mask.filter(Boolean).length;
    document.getElementById("count").textContent = `${n} of ${EVENTS.length} events shown`;
    const f = model("events-filter");
    if (f) f.booleans = mask;
    const mf = model("milestones-filter");
    if (mf) mf.booleans = DATA.milestoneBars.map((id) => mask[INDEX.get(id)]);
    zoomTimeline();
    return mask;
  }

  // the timeline shows the chosen dates (the whole campaign when they are the defaults)
  function zoomTimeline() {
    const tl = model("timeline");
    if (!tl) return;
    const from = form.elements.from.value || defaults.from, to = form.elements.to.value || defaults.to;
    const whole = from === defaults.from && to === defaults.to;
    const start = whole ? DATA.axis[0] : Date.parse(from);
    const end = whole ? DATA.axis[1] : Math.max(Date.parse(to) + DAY_MS, start + 30 * DAY_MS);
    tl.x_range.setv({ start, end });
  }

  // scroll the timeline's box so that the event's row is in view (from the list, the map or the address)
  function revealRow(id) {
    const tl = model("timeline"), box = document.querySelector(".timeline .scroll");
    if (!tl || !box || !tl.inner_height) return;
    const e = EVENTS[INDEX.get(id)], r = tl.y_range;
    const y = r.synthetic([e.lane_name, e.row]);
    const top = tl.outer_height - tl.inner_height + ((r.end - y) / (r.end - r.start)) * tl.inner_height;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight) box.scrollTop = top - box.clientHeight / 2;
  }

  // --- selection and evidence ----------------------------------------------------------------
  function select(id, from) {
    if (!INDEX.has(id)) id = null;
    state.event = id;
    for (const [key, li] of items) li.classList.toggle("selected", key === id);
    renderEvidence(id);
    const events = model("events");
    if (events && from !== "timeline") {
      quiet = true;
      events.selected.indices = id === null ? [] : [INDEX.get(id)];
      quiet = false;
    }
    markTown(id === null ? null : EVENTS[INDEX.get(id)].place_id);
    if (id !== null && from !== "timeline") revealRow(id);
    writeHash();
  }

  function row(dl, term, value, cls) {
    if (value === "" || value === null || value === undefined) return;
    dl.append(el("dt", null, term));
    const dd = el("dd", cls);
    if (value instanceof Node) dd.append(value); else dd.textContent = value;
    dl.append(dd);
  }

  function link(url) {
    if (!/^https?:\/\//i.test(url)) return document.createTextNode(url);
    const a = el("a", null, url);
    a.href = url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  // "Oct 2017 (month: 2017-10-01 to 2017-10-31)"; the days only when the words do not already say them
  function windowText(w) {
    const days = w.earliest === w.latest ? w.earliest : `${w.earliest} to ${w.latest}`;
    return w.window === days ? `${days} (${w.precision})` : `${w.window} (${w.precision}: ${days})`;
  }

  function renderEvidence(id) {
    panel.replaceChildren(el("h2", null, "Evidence"));
    panel.dataset.eventId = id || "";
    if (id === null) {
      panel.append(el("p", "hint", "Select an event to see every claim behind it."));
      return;
    }
    const e = EVENTS[INDEX.get(id)];
    panel.append(el("h3", null, e.label));
    const head = el("dl", "event");
    row(head, "Window", windowText(e));
    row(head, "Dated by", `the ${e.milestone} milestone`);
    row(head, "Who acted", e.family_name);
    row(head, "Sources", `${e.n_sources} (${e.n_independent} independent)`);
    row(head, "Event id", e.event_id, "mono");
    panel.append(head);
    for (const m of DATA.milestones[id] || []) {
      const section = el("section", `milestone ${m.agreement}`);
      section.append(el("h4", null, `${m.milestone} milestone: ${m.window}${m.principal ? " (dates the event)" : ""}`));
      section.append(el("p", "why", m.why));
      const claims = (DATA.claims[id] || []).filter((c) => c.milestone === m.milestone);
      const ol = el("ol", "claims");
      for (const claim of claims) {
        const c = { ...DATA.sources[claim.source_id], ...claim };
        const li = el("li", `claim ${c.tier}`);
        li.dataset.claimId = c.claim_id;
        const dl = el("dl");
        row(dl, "Source", `${c.outlet}: ${c.title}`);
        row(dl, "Tier", c.tier === "quoted" ? "quoted (the text is stored; the quote is verbatim)" : "cited (no text kept; check it at the URL)");
        row(dl, "Published", c.published);
        row(dl, "Date as written", c.date_text || "(undated: known only to precede publication)");
        row(dl, "Resolves to", windowText(c));
        if (c.quote) {
          const q = el("blockquote", "quote", c.quote);
          row(dl, "Quote", q);
        }
        if (c.url) row(dl, "URL", link(c.url), "url");
        row(dl, "Locator", c.locator);
        row(dl, "Place as written", c.place_as_written);
        row(dl, "Actor as written", c.actor);
        row(dl, "Note", c.note);
        row(dl, "Claim id", c.claim_id, "mono");
        li.append(dl);
        ol.append(li);
      }
      section.append(ol);
      panel.append(section);
    }
  }

  // --- the map's day ---------------------------------------------------------------------------
  // a town's [first day, state, basis] stretch holding at the end of `day` (days are ISO strings)
  function stretchOn(stretches, day) {
    let s = stretches[0];
    for (const t of stretches) { if (t[0] <= day) s = t; else break; }
    return s;
  }

  function paintMap(day) {
    const towns = model("towns");
    if (!towns) return;
    const now = DATA.towns.map((p) => stretchOn(DATA.states[p], day));
    DATA.stateNames.forEach((_, k) => {
      const f = model(`state-${k}`);
      if (f) f.booleans = now.map((t) => t[1] === k);
    });
    towns.data.state = now.map((t) => DATA.stateWords[t[1]]);
    towns.data.basis = now.map((t) => t[2]);
    towns.change.emit();
  }

  function setDay(day, moveSlider) {
    state.day = day;
    paintMap(day);
    const slider = model("day");
    if (slider && moveSlider) slider.value = Date.parse(day + "T00:00:00Z");
    writeHash();
  }

  function markTown(placeId) {
    const sel = model("selected-town"), towns = model("towns");
    if (!sel || !towns) return;
    const i = towns.data.place_id.indexOf(placeId);
    sel.data = i < 0 ? { x: [], y: [], place: [] } : { x: [towns.data.x[i]], y: [towns.data.y[i]], place: [towns.data.place[i]] };
  }

  // --- the URL fragment ------------------------------------------------------------------------
  function writeHash() {
    const p = new URLSearchParams();
    if (state.event) p.set("event", state.event);
    for (const k of ["from", "to"]) if (form.elements[k].value && form.elements[k].value !== defaults[k]) p.set(k, form.elements[k].value);
    for (const n of LISTS) {
      const on = checked(n);
      if (on.length !== allValues(n).length) p.set(n, on.join(","));
    }
    if (state.day !== defaults.day) p.set("day", state.day);
    const hash = p.toString().replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%7C/gi, "|");
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    for (const k of ["from", "to"]) form.elements[k].value = p.get(k) || defaults[k];
    for (const n of LISTS) {
      const want = p.has(n) ? new Set(p.get(n).split(",")) : null;
      for (const box of form.querySelectorAll(`input[name="${n}"]`)) box.checked = want === null || want.has(box.value);
    }
    const day = /^\d{4}-\d{2}-\d{2}$/.test(p.get("day") || "") ? p.get("day") : defaults.day;
    applyFilters();
    setDay(day, true);
    select(p.get("event"));
  }

  // --- CSV export ------------------------------------------------------------------------------
  function exportCsv() {
    const mask = shown();
    const lines = [DATA.csvHeader, ...EVENTS.filter((e, i) => mask[i]).map((e) => e.csv)];
    const blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
    const a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = `campaign-chronology-v${DATA.version}-events.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  // --- wiring ----------------------------------------------------------------------------------
  window.explorer = {
    tapped(source) {
      if (quiet) return;
      const i = source.selected.indices[0];
      if (i !== undefined) select(source.data.event_id[i], "timeline");
    },
    tappedMilestone(source) {
      const i = source.selected.indices[0];
      if (i === undefined || quiet) return;
      quiet = true;
      source.selected.indices = []; // the event is what is selected, on its own marks
      quiet = false;
      select(source.data.event_id[i]);
    },
    tappedTown(source) {
      const i = source.selected.indices[0];
      if (i === undefined) return;
      const place = source.data.place_id[i];
      const mask = shown();
      const own = EVENTS.map((e, k) => k).filter((k) => EVENTS[k].place_id === place);
      const visible = own.filter((k) => mask[k]);
      const pick = (visible.length ? visible : own).slice(-1)[0];
      if (pick !== undefined) select(EVENTS[pick].event_id);
    },
    dayMoved(ms) { setDay(new Date(ms).toISOString().slice(0, 10), false); },
    select,
  };

  form.addEventListener("change", () => { applyFilters(); writeHash(); });
  form.addEventListener("submit", (ev) => ev.preventDefault());
  document.getElementById("reset").addEventListener("click", () => { history.replaceState(null, "", location.pathname); readHash(); });
  document.getElementById("export").addEventListener("click", exportCsv);
  document.getElementById("rings").addEventListener("change", (ev) => {
    const rings = model("recapture-rings");
    if (rings) rings.visible = ev.target.checked;
  });
  document.getElementById("events").addEventListener("click", (ev) => {
    const li = ev.target.closest("li[data-event-id]");
    if (li) select(li.dataset.eventId);
  });
  window.addEventListener("hashchange", readHash);

  // the sticky date axis starts where the timeline's rows start (their labels' width is known only once drawn);
  // then the selected row is scrolled into view, now that rows have their size
  function onLayout() {
    const tl = model("timeline"), axis = model("timeline-axis");
    if (!tl || !axis || !tl.inner_width) return;
    const left = tl.outer_width - tl.inner_width - tl.min_border_right;
    if (axis.min_border_left !== left) axis.min_border_left = left;
    if (state.event) revealRow(state.event);
  }

  function start() {
    doc = window.Bokeh && Bokeh.documents && Bokeh.documents[0];
    if (!doc || !model("events") || !model("towns")) { setTimeout(start, 25); return; }
    readHash();
    const tl = model("timeline");
    tl.properties.inner_width.change.connect(onLayout);
    tl.properties.inner_height.change.connect(onLayout);
    onLayout();
    document.body.dataset.ready = "true";
  }
  if (window.matchMedia("(max-width: 900px)").matches) document.getElementById("filter-box").open = false;
  readHash(); // the list, the counts and the evidence before the plots are drawn
  start();
})();
