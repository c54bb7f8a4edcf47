// The page's flows: look up a user (recommendations with "because you played", history), send a play and
// watch the user's recommendations change, look up an artist's similar artists.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let shownUser = null;
  let shownRecs = [];

  async function because(user, artist, li) {
    try {
      const e = await api.explanation(user, artist, 1);
      const top = e.items[0];
      if (top) li.appendChild(dom.el('span', 'because', `because you played ${top.name}`));
    } catch {
      // An artist newer than the model has no explanation yet: the recommendation stands without one.
    }
  }

  async function showRecommendations(user, previous) {
    const r = await api.recommendations(user, 10);
    const list = $('recs');
    dom.clear(list);
    $('recs-meta').textContent = `model v${r.model_version}, ${r.source.replace('_', '-')}`;
    const explained = [];
    r.items.forEach((item, i) => {
      const li = dom.el('li', 'rec');
      li.dataset.artist = item.artist;
      li.appendChild(dom.el('span', 'name', item.name));
      li.appendChild(dom.el('span', 'score', item.score ? dom.fmt(item.score) : ''));
      if (previous && previous[i] !== item.artist) li.classList.add('changed');
      list.appendChild(li);
      if (r.source === 'popularity') li.appendChild(dom.el('span', 'because', 'popular with listeners'));
      else explained.push(because(user, item.artist, li));
    });
    await Promise.all(explained);
    shownRecs = r.items.map((i) => i.artist);
    return r;
  }

  async function showHistory(user) {
    const h = await api.history(user, 50);
    const body = $('history').querySelector('tbody');
    dom.clear(body);
    $('history-meta').textContent = `${h.artists} artists`;
    for (const item of h.items) {
      const tr = dom.el('tr');
      tr.dataset.artist = item.artist;
      tr.appendChild(dom.el('td', null, item.name));
      tr.appendChild(dom.el('td', null, item.count));
      tr.appendChild(dom.el('td', null, item.last_played ? new Date(item.last_played).toLocaleString() : ''));
      body.appendChild(tr);
    }
    return h;
  }

  async function lookUpUser(user, previous) {
    dom.status('user-status', `looking up ${user}…`);
    try {
      await Promise.all([showRecommendations(user, previous), showHistory(user)]);
      shownUser = user;
      dom.status('user-status', `user ${user}`, 'ok');
    } catch (e) {
      dom.clear($('recs'));
      dom.clear($('history').querySelector('tbody'));
      $('recs-meta').textContent = '';
      $('history-meta').textContent = '';
      dom.status('user-status', e.message, 'error');
    }
  }

  async function countOf(user, artist) {
    try {
      const h = await api.history(user, 10000);
      const item = h.items.find((i) => i.artist === artist);
      return item ? item.count : 0;
    } catch (e) {
      if (e.status === 404) return 0;
      throw e;
    }
  }

  async function sendPlay(event) {
    event.preventDefault();
    const user = $('play-user').value.trim();
    const artist = $('play-artist').value.trim();
    const count = Number($('play-count').value);
    const button = $('play-send');
    button.disabled = true;
    try {
      const before = await countOf(user, artist);
      const id = `web-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const sent = performance.now();
      const answer = await api.play([{ user, artist, count, id }]);
      dom.status('play-status', `accepted ${answer.accepted} play; waiting for it to apply…`);
      const deadline = sent + 10000;
      while (await countOf(user, artist) < before + count) {
        if (performance.now() > deadline) throw new Error('the play was accepted but has not applied within 10 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      const fresh = Math.round(performance.now() - sent);
      live.fresh(fresh);
      dom.status('play-status', `${user} played ${artist} ×${count}: applied and folded in after ${fresh} ms`, 'ok');
      $('user-input').value = user;
      await lookUpUser(user, shownUser === user ? shownRecs : null);
    } catch (e) {
      dom.status('play-status', e.message, 'error');
    } finally {
      button.disabled = false;
    }
  }

  async function lookUpArtist(event) {
    event.preventDefault();
    const artist = $('artist-input').value.trim();
    const list = $('similar');
    dom.clear(list);
    dom.status('artist-status', `looking up ${artist}…`);
    try {
      const s = await api.similar(artist, 10);
      for (const item of s.items) {
        const li = dom.el('li', 'similar');
        li.dataset.artist = item.artist;
        li.appendChild(dom.el('span', 'name', item.name));
        li.appendChild(dom.el('span', 'score', 'cosine ' + dom.fmt(item.score)));
        list.appendChild(li);
      }
      dom.status('artist-status', s.items.length ? `artists like ${artist} (model v${s.model_version})` : `no similar artists for ${artist} yet: train a model that includes it`, 'ok');
    } catch (e) {
      dom.status('artist-status', e.message, 'error');
    }
  }

  const keyField = $('key-input');
  keyField.value = sessionStorage.getItem('musicrecs-key') || new URLSearchParams(location.hash.slice(1)).get('key') || '';
  keyField.addEventListener('change', () => sessionStorage.setItem('musicrecs-key', keyField.value.trim()));
  if (keyField.value) sessionStorage.setItem('musicrecs-key', keyField.value.trim());
  $('dashboard-link').addEventListener('click', (e) => {
    if (api.key()) { e.preventDefault(); location.href = '/dashboard/?key=' + encodeURIComponent(api.key()); }
  });
  $('user-form').addEventListener('submit', (e) => { e.preventDefault(); lookUpUser($('user-input').value.trim(), null); });
  $('play-form').addEventListener('submit', sendPlay);
  $('artist-form').addEventListener('submit', lookUpArtist);
  live.start();

  // A link can open the page on a user and an artist: #user=ID&artist=ID (with key=... too, if wanted).
  const wanted = new URLSearchParams(location.hash.slice(1));
  if (wanted.get('user')) {
    $('user-input').value = wanted.get('user');
    $('play-user').value = wanted.get('user');
    lookUpUser(wanted.get('user'), null);
  }
  if (wanted.get('artist')) {
    $('artist-input').value = wanted.get('artist');
    $('artist-form').requestSubmit();
  }
})();
