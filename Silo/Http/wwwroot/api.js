// Calls to the silo's HTTP API: JSON in and out, the key from the page's key field, problem+json as errors.
'use strict';
const api = (() => {
  const keyInput = () => document.getElementById('key-input');
  const key = () => (keyInput() && keyInput().value.trim()) || '';

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem;
    }
  }

  async function call(method, path, body, needsKey) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (key() && needsKey !== false) headers['X-Api-Key'] = key();
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  const enc = encodeURIComponent;
  return {
    key,
    recommendations: (user, n) => call('GET', `/api/users/${enc(user)}/recommendations?n=${n || 10}`),
    explanation: (user, artist, n) => call('GET', `/api/users/${enc(user)}/explanations/${enc(artist)}?n=${n || 1}`),
    history: (user, n) => call('GET', `/api/users/${enc(user)}/history?n=${n || 50}`),
    similar: (artist, n) => call('GET', `/api/artists/${enc(artist)}/similar?n=${n || 10}`),
    model: () => call('GET', '/api/model'),
    stats: () => call('GET', '/api/stats'),
    play: (plays) => call('POST', '/api/plays', plays),
    train: (options) => call('POST', '/api/training', options || {}),
    cancelTraining: () => call('DELETE', '/api/training'),
  };
})();

// Small DOM helpers shared by the page's scripts.
const dom = {
  el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  },
  status(id, text, kind) {
    const e = document.getElementById(id);
    e.textContent = text || '';
    e.className = 'status' + (kind ? ' ' + kind : '');
  },
  clear(e) { while (e.firstChild) e.removeChild(e.firstChild); },
  fmt(x, digits) { return Number(x).toFixed(digits === undefined ? 3 : digits); },
  age(seconds) {
    if (seconds === null || seconds === undefined) return '';
    if (seconds < 90) return Math.round(seconds) + ' s old';
    if (seconds < 5400) return Math.round(seconds / 60) + ' min old';
    return (seconds / 3600).toFixed(1) + ' h old';
  },
};
