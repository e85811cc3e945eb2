// Torghut dashboard: plain JS against the host's own API. Polls the status endpoints every second and streams
// candles over SSE. Everything is rendered with textContent (never innerHTML) so API strings cannot inject markup.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { chartSymbol: null, thresholds: null };
// Exposed for the browser test and for operators poking at the console.
window.torghut = { candles: 0, streamed: 0, symbol: null, refreshes: 0 };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat()) if (c != null) node.append(c instanceof Node ? c : String(c));
  return node;
}

function say(text, isError) {
  $('message').textContent = text;
  $('message').className = isError ? 'error' : '';
}

async function getJson(url) {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

// Writes carry the admin token typed into the header field; the server answers 401/503 without it.
async function write(method, url, body) {
  const token = $('token').value.trim();
  sessionStorage.setItem('torghut-token', token);
  const r = await fetch(url, {
    method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(answer.error || `HTTP ${r.status}`);
  return answer;
}

// Timestamps arrive as NanoTimestamp objects ({unixMilliseconds, …}) from /api/ingest and /api/freshness.
function age(ts) {
  if (!ts) return '—';
  const ms = Date.now() - ts.unixMilliseconds;
  return ms < 1000 ? `${ms} ms ago` : `${(ms / 1000).toFixed(1)} s ago`;
}

// Event time of the clock (UTC, ms), where the age is shown next to it already.
function clock(ts) { return ts ? `${new Date(ts.unixMilliseconds).toISOString().slice(11, 23)}Z` : '—'; }

function renderLanes(lanes, ingest) {
  $('lanes').replaceChildren(...lanes.map((lane) => {
    const s = ingest[lane.name];
    const channels = s ? Object.keys({ ...s.subscribed, ...s.lastEvent }).sort() : [];
    return el('div', { class: 'lane', 'data-lane': lane.name, 'data-running': String(lane.running) },
      el('strong', {}, lane.name), ' ',
      el('span', { class: lane.running ? 'ok' : 'muted', 'data-state': s ? s.state : 'stopped' },
        lane.running ? (s ? `${s.state}${s.ready ? ' (ready)' : ''}` : 'starting') : 'stopped'),
      lane.problem ? el('span', { class: 'bad' }, ` ${lane.problem}`) : null,
      s ? el('div', { class: 'muted' }, `reconnects ${s.reconnects} · decode errors ${s.decodeErrors} · messages ${s.messages}`) : null,
      channels.length ? el('table', {}, el('tr', {}, el('th', {}, 'channel'), el('th', {}, 'subscribed'), el('th', {}, 'last event')),
        channels.map((ch) => el('tr', {}, el('td', {}, ch),
          el('td', { 'data-channel': ch }, (s.subscribed[ch] || []).join(', ')), el('td', {}, age(s.lastEvent[ch]))))) : null);
  }));
}

function renderFlags(flags) {
  $('flags').replaceChildren(el('tr', {}, el('th', {}, 'flag'), el('th', {}, 'value'), el('th', {}, 'source'), el('th', {})),
    ...flags.map((f) => el('tr', {},
      el('td', {}, f.key), el('td', { class: f.enabled ? 'ok' : 'muted' }, f.enabled ? 'on' : 'off'), el('td', {}, f.source),
      el('td', {}, el('button', {
        'data-flag': f.key, textContent: f.enabled ? 'Turn off' : 'Turn on',
        onclick: () => write('PUT', `/api/flags/${encodeURIComponent(f.key)}`, { enabled: !f.enabled })
          .then(() => { say(`${f.key} → ${!f.enabled ? 'on' : 'off'}`); refresh(); }, (e) => say(`${f.key}: ${e.message}`, true)),
      })))));
}

function ms(v) { return v == null ? '—' : v < 10000 ? `${v} ms` : `${(v / 1000).toFixed(0)} s`; }

// A pair's repairs from /api/ingest (each lane's `repair`): holes filled from the venue's history, the last one's lag,
// and whether one is failing (docs/repair.md).
function repairCell(ingest, lane, symbol) {
  const r = ingest?.[lane]?.repair?.symbols?.[symbol];
  if (!r) return el('td', { 'data-repairs': '' }, '—');
  const failing = r.lastFailure && r.holesOpen > 0;
  const text = `${r.holesRepaired} repaired${r.lastLagSeconds == null ? '' : `, last ${r.lastLagSeconds.toFixed(1)} s`}` +
    (r.holesOpen > 0 ? `, ${r.holesOpen} open` : '') + (failing ? ` (${r.lastFailure})` : '');
  return el('td', { class: failing ? 'bad' : '', 'data-repairs': String(r.holesRepaired) }, text);
}

function renderFreshness(f, ingest) {
  const t = f.thresholds;
  $('thresholds').textContent = `green when ingest lag ≤ ${ms(t.ingestLagMs)}, TA lag ≤ ${ms(t.taLagMs)}, microbars in the last 30 min > 0. ` +
    'Ingest lag: now − the pair\'s newest trade or quote; event → ingest: that event\'s venue time to its ingestTs; ' +
    'TA lag: now − the pair\'s newest microbar end (— when none in the last 30 min).';
  const cell = (ok, text, props) => el('td', { class: ok ? 'ok' : 'bad', ...props }, text);
  const delay = (v) => v == null ? '—' : `${v.toFixed(1)} ms`;
  $('freshness').replaceChildren(
    el('tr', {}, ['pair', 'lane', 'last event (UTC)', 'ingest lag', 'event → ingest', 'TA lag', 'microbars 30 min', 'repairs'].map((h) => el('th', {}, h))),
    // A pair's row opens its candles.
    ...f.pairs.map((p) => el('tr', { 'data-pair': p.symbol, onclick: () => { $('chart-symbol').value = p.symbol; showChart(p.symbol); } },
      el('td', {}, p.symbol), el('td', {}, p.lane),
      el('td', { 'data-last-event': '' }, clock(p.lastEventTs)),
      cell(p.ingestOk, ms(p.ingestLagMs), { 'data-ingest-lag': p.ingestLagMs == null ? '' : String(p.ingestLagMs) }),
      el('td', { 'data-event-to-ingest': p.eventToIngestMs == null ? '' : String(p.eventToIngestMs) }, delay(p.eventToIngestMs)),
      cell(p.taOk, ms(p.taLagMs)), cell(p.rowsOk, String(p.microbarsLast30Min)), repairCell(ingest, p.lane, p.symbol))));
  // The chart offers every pair a running lane serves; keep the current choice.
  const select = $('chart-symbol');
  const symbols = f.pairs.map((p) => p.symbol);
  if (symbols.join() !== [...select.options].map((o) => o.value).join()) {
    select.replaceChildren(...symbols.map((s) => el('option', { value: s, textContent: s })));
    if (state.chartSymbol && symbols.includes(state.chartSymbol)) select.value = state.chartSymbol;
  }
  if (!state.chartSymbol && symbols.length) showChart(symbols[0]);
}

// SLO verdicts from the host's evaluator (GET /api/slo): one row per SLO and lane.
function sloValue(slo, v) {
  if (v == null) return '—';
  if (slo === 'ws_readiness_availability' || slo === 'pair_coverage') return `${(v * 100).toFixed(slo === 'pair_coverage' ? 0 : 2)} %`;
  if (slo.endsWith('_seconds')) return `${v.toFixed(v < 10 ? 2 : 0)} s`;
  return String(v);
}

function renderSlo(s) {
  const open = Object.entries(s.marketOpen || {}).map(([lane, o]) => `${lane} ${o ? 'in session' : 'closed'}`).join(', ');
  $('slo-hint').textContent = `evaluated ${s.evaluatedAt ? age({ unixMilliseconds: Date.parse(s.evaluatedAt) }) : 'not yet'}; ${open || 'no enabled lanes'}; calendar ${s.calendar.exchange} to ${s.calendar.coversTo}.`;
  const cls = (state) => state === 'ok' ? 'ok' : state === 'breached' ? 'bad' : '';
  $('slo').replaceChildren(
    el('tr', {}, ['SLO', 'lane', 'state', 'observed', 'threshold', 'detail'].map((h) => el('th', {}, h))),
    ...s.slos.map((r) => el('tr', { 'data-slo': `${r.slo}:${r.lane}` }, el('td', {}, r.slo), el('td', {}, r.lane),
      el('td', { class: cls(r.state) }, r.state), el('td', {}, sloValue(r.slo, r.observed)),
      el('td', {}, `${r.operator} ${sloValue(r.slo, r.threshold)}`), el('td', {}, r.detail || ''))));
}

async function loadSymbols() {
  const lists = await Promise.all(['crypto', 'equity'].map((c) =>
    getJson(`/api/torghut/symbols?assetClass=${c}&includeDisabled=true&format=full`).then((r) => [c, r.items])));
  $('symbols').replaceChildren(...lists.map(([assetClass, items]) => el('div', { 'data-asset-class': assetClass },
    el('h3', {}, `${assetClass} (${items.length})`),
    items.length ? el('table', {}, items.map((i) => el('tr', { 'data-symbol': i.symbol },
      el('td', {}, i.symbol), el('td', { class: i.enabled ? 'ok' : 'muted' }, i.enabled ? 'enabled' : 'disabled'),
      el('td', {}, el('button', {
        textContent: i.enabled ? 'Disable' : 'Enable',
        onclick: () => write('PATCH', `/api/torghut/symbols/${encodeURIComponent(i.symbol)}`, { enabled: !i.enabled, assetClass })
          .then(() => { say(`${i.symbol} ${i.enabled ? 'disabled' : 'enabled'}`); loadSymbols(); }, (e) => say(e.message, true)),
      }))))) : el('p', { class: 'muted' }, 'none stored (a lane seeds its configured list on start)'))));
}

$('symbol-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const assetClass = $('symbol-class').value;
  write('POST', '/api/torghut/symbols', { symbolsText: $('symbol-input').value, assetClass })
    .then((r) => { say(`added ${r.symbols.join(', ')} (${assetClass})`); $('symbol-input').value = ''; loadSymbols(); },
      (e) => say(`add failed: ${e.message}`, true));
});

// --- chart: stored history first, then live candles over SSE -------------------------------------------------
const chart = LightweightCharts.createChart($('chart'), {
  autoSize: true, timeScale: { timeVisible: true, secondsVisible: true }, layout: { background: { color: '#ffffff' } },
});
const candles = chart.addSeries(LightweightCharts.CandlestickSeries);
const overlays = {
  ema12: chart.addSeries(LightweightCharts.LineSeries, { color: '#f39c12', lineWidth: 1, priceLineVisible: false, lastValueVisible: false }),
  ema26: chart.addSeries(LightweightCharts.LineSeries, { color: '#8e44ad', lineWidth: 1, priceLineVisible: false, lastValueVisible: false }),
  vwap: chart.addSeries(LightweightCharts.LineSeries, { color: '#2980b9', lineWidth: 1, priceLineVisible: false, lastValueVisible: false }),
};
let stream = null;
let lastTime = 0;

function countCandles(n) {
  window.torghut.candles = n;
  $('chart').dataset.candles = String(n);
}

async function showChart(symbol) {
  state.chartSymbol = symbol;
  window.torghut.symbol = symbol;
  $('chart-symbol').value = symbol;
  if (stream) stream.close();
  let points = [];
  try {
    points = (await getJson(`/api/microbars?symbol=${encodeURIComponent(symbol)}&minutes=30`)).points;
  } catch (e) {
    // Without history the chart still follows the live feed; a failed load must not leave it dead.
    say(`chart history for ${symbol} failed: ${e.message}; showing live candles only`, true);
  }
  if (state.chartSymbol !== symbol) return; // the user switched again while this loaded
  candles.setData(points.map((p) => ({ time: p.time, open: p.open, high: p.high, low: p.low, close: p.close })));
  for (const [key, series] of Object.entries(overlays))
    series.setData(points.filter((p) => p[key] != null).map((p) => ({ time: p.time, value: p[key] })));
  lastTime = points.length ? points[points.length - 1].time : 0;
  countCandles(points.length);
  stream = new EventSource(`/api/stream/microbars?symbol=${encodeURIComponent(symbol)}`);
  stream.onmessage = (ev) => addPoint(JSON.parse(ev.data));
}

function addPoint(p) {
  // update() only accepts the latest bar or a newer one; an out-of-order revision of an older second is skipped.
  if (p.time < lastTime) return;
  const isNew = p.time > lastTime;
  lastTime = p.time;
  candles.update({ time: p.time, open: p.open, high: p.high, low: p.low, close: p.close });
  for (const [key, series] of Object.entries(overlays)) if (p[key] != null) series.update({ time: p.time, value: p[key] });
  window.torghut.streamed++;
  if (isNew) countCandles(window.torghut.candles + 1);
}

$('chart-symbol').addEventListener('change', (ev) => showChart(ev.target.value));

// --- depth: the chart pair's L2 book, asks above bids (with orderbooks in ALPACA_MARKET_DATA_CHANNELS) ----------
const DEPTH = 10;
async function refreshDepth() {
  const symbol = state.chartSymbol;
  if (!symbol) return;
  const r = await fetch(`/api/orderbook?symbol=${encodeURIComponent(symbol)}&depth=${DEPTH}`, { cache: 'no-store' });
  const book = await r.json().catch(() => ({}));
  if (state.chartSymbol !== symbol) return;
  const table = $('depth');
  table.dataset.symbol = symbol;
  if (!r.ok) {
    // 404: no book for this pair (the channel is off, or an equity pair); shown as a hint, not an error.
    table.dataset.state = 'none';
    table.dataset.levels = '0';
    $('depth-state').textContent = r.status === 404 ? 'none (orderbooks channel off)'
      : (book.error || `HTTP ${r.status}`);
    table.replaceChildren();
    return;
  }
  table.dataset.state = book.state;
  table.dataset.levels = String(book.bids.length + book.asks.length);
  $('depth-state').textContent = `${book.state}, ${book.ageMs ?? '—'} ms old`;
  const largest = Math.max(...book.bids.map((l) => l.s), ...book.asks.map((l) => l.s), 1e-12);
  const row = (side, l) => el('tr', { 'data-side': side, 'data-price': String(l.p), 'data-size': String(l.s) },
    el('td', { class: 'price' }, String(l.p)), el('td', {}, String(l.s)),
    el('td', { class: 'bar' }, el('i', { style: `width:${(100 * l.s / largest).toFixed(1)}%` })));
  table.replaceChildren(...[...book.asks].reverse().map((l) => row('ask', l)), ...book.bids.map((l) => row('bid', l)));
}

// --- polling --------------------------------------------------------------------------------------------------
async function refresh() {
  try {
    const [lanes, ingest, flags, freshness, slo] = await Promise.all([
      getJson('/api/lanes'), getJson('/api/ingest'), getJson('/api/flags'), getJson('/api/freshness'), getJson('/api/slo')]);
    renderLanes(lanes, ingest);
    renderFlags(flags.flags);
    renderFreshness(freshness, ingest);
    renderSlo(slo);
    window.torghut.refreshes++;
  } catch (e) {
    say(`refresh failed: ${e.message}`, true);
  }
}

// Each poll starts a set interval after the previous one ENDED: on a slow host, overlapping polls would pile up in
// the browser's six connections per origin and starve the chart's history load and its live stream.
function every(ms, poll) {
  const next = () => poll().finally(() => setTimeout(next, ms));
  next();
}

// `run` prints the dashboard URL with a per-run token in the fragment (never sent to the server): keep it for this tab,
// then drop it from the address bar so it does not end up in a screenshot or a shared link.
const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromUrl) {
  sessionStorage.setItem('torghut-token', fromUrl);
  history.replaceState(null, '', location.pathname + location.search);
}
$('token').value = sessionStorage.getItem('torghut-token') || '';
every(1000, refresh);
every(1000, () => refreshDepth().catch(() => {}));
loadSymbols().catch((e) => say(e.message, true));
setTimeout(() => every(5000, () => loadSymbols().catch(() => {})), 5000);
