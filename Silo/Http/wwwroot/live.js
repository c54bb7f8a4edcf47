// The live panel: polls /api/stats once a second, turns totals into rates, draws small SVG charts,
// shows the model version and age and a progress bar while training runs.
'use strict';
const live = (() => {
  const points = { plays: [], foldins: [], fresh: [] };
  const keep = 60;
  let last = null;
  let lastFresh = null;

  // Play-to-fresh: the silo samples plays sent over HTTP (play_to_fresh_ms); the page times the plays it sends.
  function showFresh(ms) {
    document.getElementById('fresh-latency').textContent = ms + ' ms';
    push('fresh', ms);
  }

  function push(series, value) {
    points[series].push(value);
    if (points[series].length > keep) points[series].shift();
    draw(series);
  }

  function draw(series) {
    const svg = document.getElementById('chart-' + series);
    const values = points[series];
    dom.clear(svg);
    if (values.length < 2) return;
    const max = Math.max(...values, 1e-9);
    const step = 120 / (keep - 1);
    const offset = 120 - step * (values.length - 1);
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', values.map((v, i) => `${(offset + i * step).toFixed(1)},${(29 - 27 * v / max).toFixed(1)}`).join(' '));
    svg.appendChild(line);
  }

  function showTraining(t) {
    const bar = document.getElementById('train-progress');
    bar.value = t.progress || 0;
    document.getElementById('train-phase').textContent = 'training: ' + t.phase.replace('_', ' ');
    const detail = t.running
      ? `iteration ${t.iteration} of ${t.iterations} (${Math.round(100 * (t.progress || 0))}%)`
      : (t.iterations ? `${t.losses.length} iterations, last loss ${t.losses.length ? dom.fmt(t.losses[t.losses.length - 1], 1) : '–'}` : '');
    document.getElementById('train-detail').textContent = detail + (t.error ? ' — ' + t.error : '');
    document.getElementById('train-start').disabled = t.running;
    document.getElementById('train-cancel').disabled = !t.running;
  }

  async function tick() {
    try {
      const s = await api.stats();
      const at = Date.parse(s.at);
      if (last && at > Date.parse(last.at)) {
        const dt = (at - Date.parse(last.at)) / 1000;
        const plays = Math.max(0, s.plays_applied - last.plays_applied) / dt;
        const foldins = Math.max(0, (s.fold_ins + s.anonymous_fold_ins) - (last.fold_ins + last.anonymous_fold_ins)) / dt;
        document.getElementById('live-plays-rate').textContent = plays.toFixed(1);
        document.getElementById('live-foldins-rate').textContent = foldins.toFixed(1);
        push('plays', plays);
        push('foldins', foldins);
      }
      last = s;
      if (s.play_to_fresh_ms !== null && s.play_to_fresh_ms !== lastFresh) {
        lastFresh = s.play_to_fresh_ms;
        showFresh(Math.round(lastFresh));
      }
      document.getElementById('live-model-version').textContent = s.model_version ? 'v' + s.model_version : 'none yet';
      document.getElementById('live-model-age').textContent = dom.age(s.model_age_seconds);
      document.getElementById('live-plays-total').textContent = s.plays_applied;
      document.getElementById('live-duplicates').textContent = `${s.duplicates} duplicates, ${s.rejected} rejected`;
      showTraining(s.training);
    } catch (e) {
      document.getElementById('train-phase').textContent = 'stats unavailable: ' + e.message;
    }
  }

  async function train() {
    dom.status('train-status', 'starting…');
    try {
      const t = await api.train({});
      showTraining(t);
      dom.status('train-status', `run ${t.run_id} started`, 'ok');
    } catch (e) {
      dom.status('train-status', e.message, 'error');
    }
  }

  async function cancel() {
    try {
      showTraining(await api.cancelTraining());
      dom.status('train-status', 'cancelled', 'ok');
    } catch (e) {
      dom.status('train-status', e.message, 'error');
    }
  }

  function start() {
    document.getElementById('train-start').addEventListener('click', train);
    document.getElementById('train-cancel').addEventListener('click', cancel);
    tick();
    setInterval(tick, 1000);
  }

  return {
    start,
    fresh: showFresh,
  };
})();
