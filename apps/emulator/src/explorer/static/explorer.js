// The mme explorer page: endpoints, tiers, models in LRU order, the live event feed (server-sent
// events from /_mme/events) and per-endpoint charts (uPlot) from the emulator's CloudWatch store; an
// endpoint for inference components shows its components and their copies instead.
(() => {
  const $ = (selector, root = document) => root.querySelector(selector);
  const esc = (text) =>
    String(text ?? "").replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
    );
  const cards = new Map();
  /** How long each update took from the server's event to the page, in ms (read by the browser test). */
  window.__mmeLatencies = { activity: [], state: [] };

  function bytes(n) {
    if (n === undefined || n === null) return "–";
    const units = ["B", "KB", "MB", "GB", "TB"];
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
  }

  function ago(iso) {
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) return `${seconds} s ago`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
    return `${Math.floor(seconds / 3600)} h ago`;
  }

  const ms = (micros) =>
    micros === undefined || micros === null ? "–" : `${(micros / 1000).toFixed(micros < 10_000 ? 1 : 0)} ms`;

  function statusBadge(status) {
    const kind = status === "InService" ? "ok" : status === "Failed" ? "err" : "warn";
    return `<span class="badge ${kind}">${esc(status)}</span>`;
  }

  function card(endpoint) {
    let entry = cards.get(endpoint.endpointName);
    if (entry) return entry;
    const element = document.createElement("article");
    element.className = "card";
    element.dataset.endpoint = endpoint.endpointName;
    element.innerHTML = `
      <div class="card-head">
        <div>
          <div class="card-title"><h2></h2><span class="status"></span></div>
          <div class="meta"></div>
        </div>
        <div class="stats">
          <div class="stat"><div class="value" data-stat="hit">–</div><div class="label">hit ratio</div></div>
          <div class="stat"><div class="value" data-stat="loaded">0</div><div class="label">loaded</div></div>
          <div class="stat"><div class="value" data-stat="inflight">0</div><div class="label">in flight</div></div>
        </div>
      </div>
      <div class="tiers">
        <div class="tier" data-tier="memory"><div class="tier-head"><b>Memory tier</b><span class="usage"></span></div><div class="bar"><span></span></div></div>
        <div class="tier" data-tier="disk"><div class="tier-head"><b>Disk tier</b><span class="usage"></span></div><div class="bar"><span></span></div></div>
      </div>
      <div class="models-wrap"></div>
      <div class="components-wrap"></div>
      <div class="charts">
        <div class="chart"><h3>Cache hit ratio · last hour</h3><div data-chart="hit"></div></div>
        <div class="chart"><h3>Model loading wait · last hour</h3><div data-chart="wait"></div></div>
      </div>`;
    $("h2", element).textContent = endpoint.endpointName;
    $("#endpoints").append(element);
    entry = { element, charts: {}, known: new Set() };
    cards.set(endpoint.endpointName, entry);
    if (!endpoint.inferenceComponents) refreshCharts(endpoint.endpointName);
    return entry;
  }

  function renderTier(element, tier, usage) {
    const node = $(`.tier[data-tier="${tier}"]`, element);
    const share = usage.limit > 0 ? Math.min(100, (usage.used / usage.limit) * 100) : 0;
    $(".usage", node).textContent =
      `${bytes(usage.used)} / ${bytes(usage.limit)} · ${share.toFixed(share < 10 ? 1 : 0)} %`;
    $(".bar > span", node).style.width = `${share}%`;
    node.dataset.used = String(usage.used);
  }

  function renderModels(entry, endpoint) {
    const models = endpoint.models ?? [];
    const wrap = $(".models-wrap", entry.element);
    if (models.length === 0) {
      wrap.innerHTML = `<div class="no-models">No model cached yet: send a request with a TargetModel.</div>`;
      return;
    }
    const loaded = models.filter((m) => m.tier === "memory");
    const lastLoaded = loaded.at(-1);
    const rows = models
      .map((m, i) => {
        const fresh = !entry.known.has(`${m.targetModel}|${m.tier}`);
        const evictNext =
          m === lastLoaded && loaded.length > 1 ? `<span class="next-evict">next to evict</span>` : "";
        const unload =
          m.tier === "memory"
            ? `<button class="button small" data-unload="${esc(m.targetModel)}" ${m.inFlight > 0 ? "disabled" : ""}>Unload</button>`
            : "";
        return `<tr data-model="${esc(m.targetModel)}" data-tier="${m.tier}" class="${fresh ? "fresh" : ""}">
          <td class="rank">${i + 1}</td>
          <td class="name">${esc(m.targetModel)}${evictNext}</td>
          <td><span class="pill ${m.tier}">${m.tier}</span></td>
          <td class="num">${bytes(m.memoryBytes)}</td>
          <td class="num">${bytes(m.diskBytes)}</td>
          <td class="num">${m.inFlight}</td>
          <td>${esc(ago(m.lastUsed))}</td>
          <td class="num">${ms(m.lastLoadMicros)}</td>
          <td>${unload}</td>
        </tr>`;
      })
      .join("");
    entry.known = new Set(models.map((m) => `${m.targetModel}|${m.tier}`));
    wrap.innerHTML = `<table class="models">
      <thead><tr><th>#</th><th title="Most recently used first: the last loaded model is the next to evict">Model (MRU first)</th><th>Tier</th><th class="num">Memory</th><th class="num">Disk</th><th class="num">In flight</th><th>Last use</th><th class="num">Last load</th><th></th></tr></thead>
      <tbody>${rows}</tbody></table>`;
  }

  /** "2 CPU · 1024 MB · 1 accelerator": what each copy reserves. */
  function compute(need) {
    const parts = [];
    if (need.cpus !== undefined) parts.push(`${need.cpus} CPU`);
    if (need.memoryMb !== undefined) parts.push(`${need.memoryMb} MB`);
    if (need.accelerators !== undefined)
      parts.push(`${need.accelerators} accelerator${need.accelerators === 1 ? "" : "s"}`);
    return parts.join(" · ") || "–";
  }

  function copyRows(component) {
    if (component.copies.length === 0) return "";
    const rows = component.copies
      .map(
        (copy) => `<tr data-copy="${esc(copy.copyId)}">
          <td><code>${esc(copy.copyId)}</code></td>
          <td>${statusBadge(copy.status)}</td>
          <td><code>${esc(copy.instanceId)}</code></td>
          <td class="num">${copy.inFlight}</td>
          <td class="num">${copy.invocations}</td>
        </tr>`,
      )
      .join("");
    return `<tr class="copies-row" data-copies-of="${esc(component.componentName)}"><td colspan="6">
      <table class="copies"><thead><tr><th>Copy</th><th>Status</th><th>Instance</th><th class="num">In flight</th><th class="num">Invocations</th></tr></thead>
      <tbody>${rows}</tbody></table></td></tr>`;
  }

  /** An endpoint for inference components: each component, then its copies. */
  function renderComponents(entry, endpoint) {
    const components = endpoint.inferenceComponents;
    const wrap = $(".components-wrap", entry.element);
    if (components.length === 0) {
      wrap.innerHTML = `<div class="no-models">No inference component yet: <code>mme ic create NAME --local --endpoint-name ${esc(endpoint.endpointName)}</code>.</div>`;
      return;
    }
    const rows = components
      .map(
        (
          c,
        ) => `<tr class="component" data-component="${esc(c.componentName)}" data-status="${esc(c.status)}" data-current-copies="${c.currentCopies}" data-desired-copies="${c.desiredCopies}">
          <td class="name">${esc(c.componentName)}</td>
          <td title="${esc(c.failureReason ?? "")}">${statusBadge(c.status)}</td>
          <td>${esc(c.modelName ?? "–")}</td>
          <td class="num copies-count">${c.currentCopies} / ${c.desiredCopies}</td>
          <td>${esc(compute(c.compute))}</td>
          <td><code>${esc(c.routingStrategy)}</code></td>
        </tr>${copyRows(c)}`,
      )
      .join("");
    wrap.innerHTML = `<table class="models components">
      <thead><tr><th>Inference component</th><th>Status</th><th>Model</th><th class="num" title="Current of desired">Copies</th><th>Compute per copy</th><th>Routing</th></tr></thead>
      <tbody>${rows}</tbody></table>`;
  }

  function renderComponentEndpoint(entry, endpoint) {
    const { element } = entry;
    const components = endpoint.inferenceComponents;
    const copies = components.flatMap((c) => c.copies);
    $(".meta", element).textContent = "inference components";
    const stats = [
      ["components", components.length],
      ["copies", components.reduce((sum, c) => sum + c.currentCopies, 0)],
      ["in flight", copies.reduce((sum, copy) => sum + copy.inFlight, 0)],
    ];
    element.querySelectorAll(".stat").forEach((stat, i) => {
      $(".value", stat).textContent = String(stats[i][1]);
      $(".label", stat).textContent = stats[i][0];
    });
    renderComponents(entry, endpoint);
  }

  function renderState(state) {
    const names = new Set(state.endpoints.map((e) => e.endpointName));
    for (const [name, entry] of cards) {
      if (!names.has(name)) {
        entry.element.remove();
        cards.delete(name);
      }
    }
    const placeholder = $("#endpoints > .empty");
    if (state.endpoints.length === 0) {
      if (!placeholder)
        $("#endpoints").innerHTML =
          `<p class="empty">No endpoints yet: create one with <code>mme create-endpoint --local</code>.</p>`;
      return;
    }
    placeholder?.remove();
    for (const endpoint of state.endpoints) {
      const entry = card(endpoint);
      const { element } = entry;
      $(".status", element).innerHTML = statusBadge(endpoint.endpointStatus);
      element.dataset.kind = endpoint.inferenceComponents ? "ic" : "mme";
      if (endpoint.inferenceComponents) {
        renderComponentEndpoint(entry, endpoint);
        continue;
      }
      $(".meta", element).innerHTML = endpoint.variantName
        ? `${esc(endpoint.variantName)} · ${esc(endpoint.mode)} · cache ${esc(endpoint.cacheSetting)} · <code>${esc(endpoint.modelDataUrl)}</code>`
        : "";
      $('[data-stat="hit"]', element).textContent =
        endpoint.hitRatio === null || endpoint.hitRatio === undefined
          ? "–"
          : `${(endpoint.hitRatio * 100).toFixed(1)} %`;
      $('[data-stat="loaded"]', element).textContent = String(endpoint.loadedModels?.length ?? 0);
      $('[data-stat="inflight"]', element).textContent = String(endpoint.inFlight ?? 0);
      if (endpoint.bytes) {
        renderTier(element, "memory", endpoint.bytes.memory);
        renderTier(element, "disk", endpoint.bytes.disk);
      }
      renderModels(entry, endpoint);
    }
    window.__mmeLatencies.state.push(Date.now() - state.time);
  }

  const KIND_LABEL = {
    download: "download",
    load: "load",
    reload: "reload",
    unload: "unload",
    "disk-evict": "disk out",
    "load-failed": "load failed",
    "invocation-error": "error",
    reset: "reset",
  };

  function describe(event) {
    const model = event.targetModel ? `<code>${esc(event.targetModel)}</code>` : "";
    const time = event.micros !== undefined ? ` in ${ms(event.micros)}` : "";
    switch (event.kind) {
      case "download":
        return `${model} downloaded (${bytes(event.bytes)})${time}`;
      case "load":
      case "reload":
        return `${model} ${event.kind === "reload" ? "reloaded" : "loaded"}${time} · ${bytes(event.bytes)}`;
      case "unload":
        return `${model} unloaded: ${esc(event.reason === "evicted" ? "evicted (LRU)" : event.reason)}`;
      case "disk-evict":
        return `${model} removed from disk: ${esc(event.reason)}`;
      case "load-failed":
        return `${model} failed to load: ${esc(event.message)}`;
      case "invocation-error":
        return `${model} ${esc(event.reason)} ${event.status ?? ""}: ${esc((event.message ?? "").slice(0, 160))}`;
      default:
        return "every model unloaded, disk tier emptied, metrics and logs cleared";
    }
  }

  function addEvent(event, live) {
    const feed = $("#feed");
    const item = document.createElement("li");
    item.dataset.kind = event.kind;
    item.dataset.endpoint = event.endpointName;
    if (event.targetModel) item.dataset.model = event.targetModel;
    if (live) item.className = "new";
    item.innerHTML = `<span class="kind ${esc(event.kind)}">${esc(KIND_LABEL[event.kind] ?? event.kind)}</span>
      <div><div class="what" title="${esc(event.message ?? "")}">${describe(event)}</div><div class="when">${esc(event.endpointName)}${event.instanceId ? ` · ${esc(event.instanceId)}` : ""} · ${new Date(event.time).toLocaleTimeString()}</div></div>`;
    feed.prepend(item);
    while (feed.children.length > 200) feed.lastElementChild.remove();
    $("#feed-count").textContent = `${feed.children.length} shown`;
    if (live) window.__mmeLatencies.activity.push(Date.now() - event.time);
  }

  const clock = (seconds) =>
    new Date(seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  const axis = {
    stroke: "#8b98a9",
    grid: { stroke: "#1d2633" },
    ticks: { stroke: "#1d2633" },
    font: "11px system-ui",
  };

  // The y axis as wide as its longest label (a fixed width clipped "12000 ms" to "000 ms"); the widths are
  // kept on the chart's box for the browser test.
  function yAxisSize(self, values, axisIdx, cycleNum) {
    const axisDef = self.axes[axisIdx];
    if (cycleNum > 1) return axisDef._size;
    const longest = (values ?? []).reduce((a, b) => (String(b).length > a.length ? String(b) : a), "");
    self.ctx.font = axisDef.font[0];
    const label = self.ctx.measureText(longest).width / devicePixelRatio;
    const size = Math.ceil(label + axisDef.ticks.size + axisDef.gap + 6);
    self.root.dataset.yLabelWidth = String(Math.ceil(label));
    self.root.dataset.yAxisWidth = String(size);
    return size;
  }

  /** Milliseconds on the load-wait axis; whole seconds from 1,000 ms on. */
  const waitLabel = (ms) => (ms >= 1000 ? `${+(ms / 1000).toFixed(2)} s` : `${ms} ms`);

  function chartOptions(width, series, yFormat, yRange) {
    return {
      width,
      height: 140,
      padding: [8, 16, 0, 4],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: yRange ?? ((_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.15)]) },
      },
      axes: [
        { ...axis, values: (_u, values) => values.map(clock) },
        { ...axis, size: yAxisSize, values: (_u, values) => values.map(yFormat) },
      ],
      series: [{}, ...series],
    };
  }

  async function refreshCharts(endpointName) {
    const entry = cards.get(endpointName);
    if (!entry || entry.element.dataset.kind === "ic" || typeof uPlot === "undefined") return;
    const response = await fetch(`/_mme/api/charts?endpoint=${encodeURIComponent(endpointName)}`);
    if (!response.ok) return;
    const { times, series } = await response.json();
    const hit = [times, series.hitRatio.map((v) => (v === null ? null : v * 100))];
    const wait = [
      times,
      series.waitP50.map((v) => (v === null ? null : v / 1000)),
      series.waitP99.map((v) => (v === null ? null : v / 1000)),
    ];
    const hitBox = $('[data-chart="hit"]', entry.element);
    const waitBox = $('[data-chart="wait"]', entry.element);
    const width = Math.max(240, hitBox.clientWidth || 320);
    if (!entry.charts.hit) {
      entry.charts.hit = new uPlot(
        chartOptions(
          width,
          [
            {
              label: "hit %",
              stroke: "#7c5cff",
              fill: "rgba(124, 92, 255, 0.15)",
              width: 2,
              spanGaps: false,
              points: { show: true, size: 5 },
            },
          ],
          (v) => `${v}%`,
          [0, 100],
        ),
        hit,
        hitBox,
      );
      entry.charts.wait = new uPlot(
        chartOptions(
          width,
          [
            { label: "p50 ms", stroke: "#2fb8a6", width: 2, points: { show: true, size: 5 } },
            { label: "p99 ms", stroke: "#d29922", width: 2, dash: [5, 4], points: { show: true, size: 5 } },
          ],
          waitLabel,
        ),
        wait,
        waitBox,
      );
    } else {
      entry.charts.hit.setData(hit);
      entry.charts.wait.setData(wait);
    }
    hitBox.dataset.points = String(hit[1].filter((v) => v !== null).length);
    waitBox.dataset.points = String(wait[1].filter((v) => v !== null).length);
  }

  function setLive(state, text) {
    const live = $("#live");
    live.dataset.state = state;
    $("#live-text").textContent = text;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      alert(problem.message ?? `${url} answered ${response.status}`);
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-unload]");
    if (button) {
      const endpointName = button.closest("[data-endpoint]").dataset.endpoint;
      button.disabled = true;
      void post("/_mme/api/unload", { endpointName, targetModel: button.dataset.unload });
    }
  });
  $("#reset").addEventListener("click", () => {
    if (confirm("Unload every model, empty the disk tier and clear metrics, logs and events?")) {
      $("#feed").innerHTML = "";
      void post("/_mme/reset");
    }
  });

  let chartTimer;
  function scheduleCharts() {
    clearTimeout(chartTimer);
    chartTimer = setTimeout(() => {
      for (const name of cards.keys()) void refreshCharts(name);
    }, 300);
  }

  async function start() {
    const response = await fetch("/_mme/api/state");
    const state = await response.json();
    for (const event of state.events) addEvent(event, false);
    renderState(state);
    const source = new EventSource("/_mme/events");
    source.addEventListener("open", () => setLive("live", "live"));
    source.addEventListener("error", () => setLive("down", "reconnecting"));
    source.addEventListener("state", (message) => renderState(JSON.parse(message.data)));
    source.addEventListener("activity", (message) => {
      const event = JSON.parse(message.data);
      if (event.kind === "reset") $("#feed").innerHTML = "";
      addEvent(event, true);
      scheduleCharts();
    });
    setInterval(scheduleCharts, 15_000);
  }

  start().catch(() => setLive("down", "emulator unreachable"));
})();
