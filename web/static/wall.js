// The wall of faces on an unattended screen: pairs the screen, fetches its
// manifest (cheaply: ETag and 304), shows its cards a few at a time with
// cross-fades, each image decoded before it is shown, and keeps showing
// the last content while the server is away. Nothing here is personal
// until the screen is paired; a screen that loses its token forgets
// everything it held.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const saved = 'faces.screen.manifest';
  let manifest = null;
  let etag = '';
  // Time is the server's: its Date at the last answer, moved on by the
  // page's monotonic clock, so a screen whose own clock is wrong (or jumps)
  // still shows what it should. Before any answer, the screen's clock
  // corrected by the last difference seen.
  let anchor = null;
  let skew = 0;
  try { skew = Number(localStorage.getItem('faces.screen.skew')) || 0; } catch (e) { /* no storage */ }
  let group = 0;
  let front = 'slide-a';
  let showTimer = 0;
  let pollTimer = 0;
  let pairing = false;
  let turn = 0; // each show() is a turn; a later one cancels an earlier one

  const now = () => (anchor ? anchor.server + (performance.now() - anchor.at) : Date.now() + skew);
  const today = () => new Date(now()).toISOString().slice(0, 10);

  function load() {
    try {
      const m = JSON.parse(localStorage.getItem(saved));
      if (m && Array.isArray(m.cards)) { manifest = m; etag = '"' + m.version + '"'; }
    } catch (e) { /* nothing kept */ }
  }

  function keep(m) {
    try { localStorage.setItem(saved, JSON.stringify(m)); } catch (e) { /* full or disabled */ }
  }

  // Cards that may be shown now: none once the manifest is past its
  // validity (consent could not be checked since), and none whose
  // consent has ended.
  function visible() {
    if (!manifest) return [];
    if (now() > Date.parse(manifest.valid_until)) return [];
    const d = today();
    return manifest.cards.filter((c) => !c.until || c.until >= d);
  }

  function forget() {
    manifest = null;
    etag = '';
    try { localStorage.removeItem(saved); } catch (e) { /* ignore */ }
    for (const id of ['slide-a', 'slide-b']) { $(id).replaceChildren(); $(id).classList.remove('shown'); }
    $('room').hidden = true;
    document.body.classList.remove('room');
    if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ keep: [] });
  }

  async function poll() {
    clearTimeout(pollTimer);
    let delay = ((manifest && manifest.poll_seconds) || 15) * 1000;
    try {
      const headers = etag && manifest ? { 'If-None-Match': etag } : {};
      const resp = await fetch('/screen/manifest', { headers, cache: 'no-store', credentials: 'same-origin' });
      const date = Date.parse(resp.headers.get('Date'));
      if (!Number.isNaN(date)) {
        anchor = { server: date, at: performance.now() };
        skew = date - Date.now();
        try { localStorage.setItem('faces.screen.skew', String(skew)); } catch (e) { /* ignore */ }
      }
      if (resp.status === 401) {
        forget();
        startPairing();
        return;
      }
      if (resp.ok && resp.status !== 304) {
        const m = await resp.json();
        etag = resp.headers.get('ETag') || '';
        adopt(m);
      }
      status(resp.ok || resp.status === 304 ? '' : 'Faces is busy; showing the last cards.');
      if (!resp.ok && resp.status !== 304) delay = 5000;
    } catch (e) {
      status('Offline; showing the last cards.');
      delay = 5000;
    }
    pollTimer = setTimeout(poll, delay);
  }

  function status(text) { $('status').textContent = text; }

  function adopt(m) {
    const before = manifest;
    manifest = m;
    keep(m);
    layout();
    tick();
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ keep: m.cards.filter((c) => c.photo).map((c) => c.photo) });
    }
    // Someone on the screen now is no longer in the manifest (their
    // consent ended, say): move on at once rather than at the next turn.
    const names = new Set(m.cards.map((c) => c.name + '\u0000' + (c.photo || '')));
    const showing = [...$(front).querySelectorAll('article')].map((a) => a.dataset.key);
    if (!before || showing.some((k) => !names.has(k)) || showing.length === 0) show();
  }

  function layout() {
    const s = manifest.screen;
    document.body.classList.toggle('portrait', s.orientation === 'portrait');
    document.body.classList.toggle('landscape', s.orientation !== 'portrait');
    $('place').textContent = [s.place, manifest.kind === 'room' ? '' : manifest.period.label].filter(Boolean).join(' · ');
    const room = manifest.room;
    document.body.classList.toggle('room', !!room);
    $('room').hidden = !room;
    if (room) {
      $('room-name').textContent = room.company;
      $('room-places').textContent = (room.locations || []).join(' · ');
      $('room-story').textContent = room.story || '';
    }
  }

  function portrait(c) {
    const box = document.createElement('div');
    box.className = 'photo hue' + c.hue;
    const initials = document.createElement('span');
    initials.className = 'initials';
    initials.textContent = c.initials;
    box.append(initials);
    if (c.photo) {
      const img = document.createElement('img');
      img.alt = '';
      img.src = c.photo;
      box.append(img);
    }
    return box;
  }

  function card(c) {
    const a = document.createElement('article');
    a.className = 'card';
    a.dataset.key = c.name + '\u0000' + (c.photo || '');
    const words = document.createElement('div');
    words.className = 'words';
    const name = document.createElement('h2');
    name.textContent = c.name;
    const role = document.createElement('p');
    role.className = 'role';
    role.textContent = [c.title, c.company].filter(Boolean).join(' · ');
    words.append(name, role);
    if (c.card) {
      const story = document.createElement('p');
      story.className = 'story';
      story.textContent = c.card;
      words.append(story);
    }
    a.append(portrait(c), words);
    return a;
  }

  // decoded waits until every image of the slide is decoded, or drops the
  // ones that fail (their initials stay): never a broken frame.
  function decoded(el) {
    const images = [...el.querySelectorAll('img')];
    return Promise.all(images.map((img) => {
      const timeout = new Promise((_, fail) => setTimeout(fail, 8000));
      return Promise.race([img.decode(), timeout]).then(
        () => img.closest('.photo').classList.add('has-photo'),
        () => img.remove());
    }));
  }

  async function show() {
    clearTimeout(showTimer);
    const mine = ++turn;
    const cards = visible();
    if (cards.length === 0) {
      for (const id of ['slide-a', 'slide-b']) $(id).classList.remove('shown');
      calm(manifest ? (now() > Date.parse(manifest.valid_until) ? 'Reconnecting to Faces…' : 'New faces are on their way.') : 'Connecting to Faces…');
      showTimer = setTimeout(show, 5000);
      return;
    }
    const per = Math.max(1, Math.min(manifest.screen.faces_at_once, cards.length));
    const groups = Math.ceil(cards.length / per);
    const g = group % groups;
    group = g + 1;
    const back = front === 'slide-a' ? 'slide-b' : 'slide-a';
    const slide = $(back);
    const chosen = cards.slice(g * per, g * per + per);
    slide.replaceChildren(...chosen.map(card));
    slide.className = 'slide faces-' + slide.children.length;
    await decoded(slide);
    if (mine !== turn) return; // a newer turn (a new manifest) took over
    // While the images decoded, a consent may have ended: never show a
    // card the current manifest no longer holds.
    const held = new Set(visible().map((c) => c.name + '\u0000' + (c.photo || '')));
    if (chosen.some((c) => !held.has(c.name + '\u0000' + (c.photo || '')))) {
      show();
      return;
    }
    slide.classList.add('shown');
    $(front).classList.remove('shown');
    front = back;
    $('calm').hidden = true;
    showTimer = setTimeout(show, manifest.screen.seconds_per_card * 1000);
  }

  function calm(text) {
    $('calm-text').textContent = text;
    $('calm').hidden = false;
  }

  function tick() {
    const tz = manifest && manifest.screen.time_zone;
    const opts = { weekday: 'short', hour: '2-digit', minute: '2-digit' };
    let text;
    try { text = new Intl.DateTimeFormat(undefined, { ...opts, timeZone: tz || undefined }).format(now()); } catch (e) {
      text = new Intl.DateTimeFormat(undefined, opts).format(now());
    }
    $('clock').textContent = text;
  }

  async function startPairing() {
    if (pairing) return;
    pairing = true;
    clearTimeout(showTimer);
    clearTimeout(pollTimer);
    $('calm').hidden = true;
    $('pairing').hidden = false;
    for (;;) {
      let secret = '';
      let until = 0;
      try {
        const resp = await fetch('/screen/pair', { method: 'POST', credentials: 'same-origin' });
        if (resp.status === 201) {
          const p = await resp.json();
          $('code').textContent = p.code;
          $('pairing-note').textContent = '';
          secret = p.secret;
          until = Date.now() + p.expires_in * 1000;
        } else {
          $('pairing-note').textContent = 'Waiting for Faces…';
        }
      } catch (e) {
        $('pairing-note').textContent = 'Waiting for the network…';
      }
      while (secret && Date.now() < until) {
        await sleep(2000);
        try {
          const resp = await fetch('/screen/pair/claim', {
            method: 'POST', credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ secret }),
          });
          if (resp.status === 200) {
            pairing = false;
            $('pairing').hidden = true;
            calm('Paired. Fetching the wall…');
            poll();
            return;
          }
          if (resp.status === 410) break;
        } catch (e) { /* keep trying while the code lasts */ }
      }
      await sleep(secret ? 0 : 10000);
    }
  }

  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  // A screen provisioned with a token (faces screen add) opens
  // /screen/#token=…: the token goes into the cookie and out of the address.
  async function adoptToken() {
    const m = /[#&]token=([^&]+)/.exec(location.hash);
    if (!m) return;
    history.replaceState(null, '', location.pathname);
    try {
      await fetch('/screen/token', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: decodeURIComponent(m[1]) }),
      });
    } catch (e) { /* the manifest's 401 will ask for pairing */ }
  }

  load();
  if (manifest) { layout(); show(); } else { calm('Connecting to Faces…'); }
  tick();
  setInterval(tick, 10000);
  adoptToken().then(poll);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/screen/worker.js', { scope: '/screen/' }).catch(() => { /* http: no offline reload */ });
  }
})();
