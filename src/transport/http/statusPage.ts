/**
 * The overview page at `/`, like the original XuC overview: AMI link, resync, configuration
 * cache, clients, events per second. It reads /status every two seconds, so it stays live.
 */
export const statusPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>xuc-ts status</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
  h1 { font-size: 1.4rem; margin-bottom: .2rem; }
  .sub { color: #666; margin-bottom: 1.5rem; }
  table { border-collapse: collapse; margin-bottom: 1.5rem; min-width: 28rem; }
  th { text-align: left; font-weight: 600; padding: .3rem 1rem .3rem 0; width: 14rem; }
  td { padding: .3rem 0; }
  h2 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
  .live { color: #0a7d28; font-weight: 700; }
  .down { color: #b3261e; font-weight: 700; }
  nav a { margin-right: 1rem; }
</style>
</head>
<body>
<h1>xuc-ts</h1>
<div class="sub">CTI server for Asterisk &middot; version <span id="version">…</span> &middot; up <span id="uptime">…</span></div>
<nav><a href="/status">/status (JSON)</a><a href="/metrics">/metrics</a><a href="/inspector">inspector</a></nav>
<h2>Asterisk link</h2>
<table>
  <tr><th>AMI link</th><td id="ami-state">…</td></tr>
  <tr><th>since</th><td id="ami-since">…</td></tr>
  <tr><th>reconnections</th><td id="ami-reconnects">…</td></tr>
  <tr><th>last resync</th><td id="ami-resync">…</td></tr>
  <tr><th>events per second</th><td id="events-per-second">…</td></tr>
  <tr><th>events received</th><td id="events-received">…</td></tr>
</table>
<h2>Configuration cache</h2>
<table>
  <tr><th>users</th><td id="count-users">…</td></tr>
  <tr><th>agents</th><td id="count-agents">…</td></tr>
  <tr><th>queues</th><td id="count-queues">…</td></tr>
  <tr><th>lines</th><td id="count-lines">…</td></tr>
  <tr><th>agent groups</th><td id="count-groups">…</td></tr>
</table>
<h2>Server</h2>
<table>
  <tr><th>connected clients</th><td id="clients">…</td></tr>
  <tr><th>database</th><td id="database">…</td></tr>
  <tr><th>actors</th><td id="actors">…</td></tr>
</table>
<script>
const text = (id, value) => { document.getElementById(id).textContent = value; };
const duration = (s) => s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' : Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
async function refresh() {
  try {
    const r = await fetch('/status', { cache: 'no-store' });
    const s = await r.json();
    text('version', s.version);
    text('uptime', duration(s.uptimeSeconds));
    const state = document.getElementById('ami-state');
    state.textContent = s.ami.state;
    state.className = s.ami.state === 'live' ? 'live' : 'down';
    text('ami-since', new Date(s.ami.since).toLocaleString());
    text('ami-reconnects', s.ami.reconnects);
    text('ami-resync', s.ami.lastResyncAt ? new Date(s.ami.lastResyncAt).toLocaleString() + ' (' + s.ami.lastResyncDurationMs + ' ms)' : 'never');
    text('events-per-second', s.eventsPerSecond);
    text('events-received', s.ami.eventsReceived);
    for (const k of ['users', 'agents', 'queues', 'lines', 'groups']) text('count-' + k, s.configuration[k]);
    text('clients', s.clients);
    const db = document.getElementById('database');
    db.textContent = s.database.backend + ', ' + s.database.state + (s.database.error ? ' (' + s.database.error + ')' : '');
    db.className = s.database.ready ? 'live' : 'down';
    text('actors', Object.entries(s.actors).map(([k, v]) => k + ' ' + v).join(', '));
  } catch (e) {
    const state = document.getElementById('ami-state');
    state.textContent = 'server unreachable';
    state.className = 'down';
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
`;
