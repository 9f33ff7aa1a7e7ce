/**
 * The `/inspector` page: an admin logs in (REST 2.0 token), then the page follows the live actor
 * tree over /inspector/stream: every actor under its parent, its state value and context, and its
 * last 50 events; a filter by id flattens the tree.
 */
export const inspectorPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>xuc-ts inspector</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #222; display: flex; height: 100vh; }
  #left { width: 38%; border-right: 1px solid #ddd; overflow: auto; padding: .8rem; box-sizing: border-box; }
  #right { flex: 1; overflow: auto; padding: .8rem; }
  #login { margin: 2rem; }
  input { padding: .3rem; margin: .2rem 0; }
  .actor { cursor: pointer; padding: .15rem .3rem; font-family: ui-monospace, monospace; font-size: .85rem; }
  .actor:hover, .actor.selected { background: #eef3ff; }
  .value { color: #0b57d0; margin-left: .5rem; }
  pre { background: #f6f6f6; padding: .5rem; font-size: .8rem; white-space: pre-wrap; }
  .error { color: #b3261e; }
</style>
</head>
<body>
<form id="login">
  <h1>xuc-ts inspector</h1>
  <p>Sign in with an administrator account.</p>
  <input id="username" placeholder="username" autocomplete="username"><br>
  <input id="password" type="password" placeholder="password" autocomplete="current-password"><br>
  <button type="submit">Sign in</button>
  <p id="login-error" class="error"></p>
</form>
<div id="left" hidden>
  <input id="filter" placeholder="filter by id (agent:, line:, queue:, session:…)" style="width: 100%">
  <div id="count"></div>
  <div id="tree"></div>
</div>
<div id="right" hidden><p>Select an actor.</p></div>
<script>
const actors = new Map();
let selected = null;
const el = (id) => document.getElementById(id);
function stateText(value) { return typeof value === 'string' ? value : JSON.stringify(value); }
const byId = (a, b) => a.localeCompare(b, undefined, { numeric: true });
/** The actors to show, in tree order (each under its parent) with their depth; a filter flattens it. */
function ordered(filter) {
  const depth = new Map();
  if (filter) return { ids: [...actors.keys()].filter((id) => id.includes(filter)).sort(byId), depth };
  const children = new Map();
  for (const a of actors.values()) {
    const parent = a.parentId && actors.has(a.parentId) ? a.parentId : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(a.id);
  }
  const ids = [];
  const visit = (id, d) => {
    ids.push(id);
    depth.set(id, d);
    for (const child of (children.get(id) || []).sort(byId)) visit(child, d + 1);
  };
  for (const root of (children.get(null) || []).sort(byId)) visit(root, 0);
  return { ids, depth };
}
// Rows are kept and updated in place: rebuilt rows under the pointer would swallow clicks
// (mousedown on one node, mouseup on its replacement) while updates stream in.
const rows = new Map();
function rowFor(id) {
  let row = rows.get(id);
  if (!row) {
    row = document.createElement('div');
    row.dataset.id = id;
    row.append(id, document.createElement('span'));
    row.lastChild.className = 'value';
    row.onclick = () => { selected = id; render(); };
    rows.set(id, row);
  }
  return row;
}
function render() {
  const filter = el('filter').value.trim();
  const { ids, depth } = ordered(filter);
  el('count').textContent = ids.length + ' of ' + actors.size + ' actors';
  const tree = el('tree');
  const shown = new Set(ids);
  for (const [id, row] of rows) if (!shown.has(id)) { row.remove(); if (!actors.has(id)) rows.delete(id); }
  ids.forEach((id, i) => {
    const row = rowFor(id);
    row.className = 'actor' + (id === selected ? ' selected' : '');
    row.style.paddingLeft = (0.3 + 1.2 * (depth.get(id) || 0)) + 'rem';
    row.lastChild.textContent = stateText(actors.get(id).value);
    if (tree.children[i] !== row) tree.insertBefore(row, tree.children[i] || null);
  });
  renderSelected();
}
function renderSelected() {
  const a = selected && actors.get(selected);
  if (!a) return;
  el('right').innerHTML = '';
  const h = document.createElement('h2'); h.textContent = a.id; el('right').appendChild(h);
  const add = (title, obj) => {
    const t = document.createElement('h3'); t.textContent = title; el('right').appendChild(t);
    const p = document.createElement('pre'); p.textContent = JSON.stringify(obj, null, 2); el('right').appendChild(p);
  };
  add('state', { value: a.value, status: a.status, parent: a.parentId });
  const stateEl = el('right').querySelector('pre'); stateEl.id = 'selected-state';
  add('context', a.context);
  add('last events (newest first)', [...a.events].reverse().map((e) => ({ at: new Date(e.at).toISOString(), ...e.detail })));
}
let renderPending = false;
function scheduleRender() { if (!renderPending) { renderPending = true; requestAnimationFrame(() => { renderPending = false; render(); }); } }
function connect(token) {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/inspector/stream?token=' + encodeURIComponent(token));
  ws.onmessage = (m) => {
    const u = JSON.parse(m.data);
    if (u.type === 'tree') { actors.clear(); for (const a of u.actors) actors.set(a.id, a); }
    else if (u.type === 'actors') { for (const a of u.actors) actors.set(a.id, a); }
    else if (u.type === 'stopped') { for (const id of u.ids) actors.delete(id); }
    scheduleRender();
  };
  ws.onclose = () => { el('count').textContent = 'disconnected; reload to reconnect'; };
}
el('filter').oninput = render;
el('login').onsubmit = async (e) => {
  e.preventDefault();
  const r = await fetch('/xuc/api/2.0/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: el('username').value, password: el('password').value }) });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { el('login-error').textContent = body.message || 'login failed'; return; }
  el('login').hidden = true; el('left').hidden = false; el('right').hidden = false;
  connect(body.token);
};
</script>
</body>
</html>
`;
