// Development player: token from the user service (through the API), stream start, playback with hls.js or
// dash.js, progress every 10 s, resume from the saved position, stop on leaving. Choices live in the query
// string and localStorage, so a reload resumes the same title for the same user.
(() => {
  const $ = (id) => document.getElementById(id);
  const video = $('video');
  const state = window.playerState = { status: 'idle', resumedFrom: null, sessionId: null, error: null };
  let token = null;
  let current = null;
  let progressTimer = null;
  let player = null;

  const log = (message) => { $('log').textContent += `${new Date().toLocaleTimeString()}  ${message}\n`; };

  const query = new URLSearchParams(location.search);
  const saved = JSON.parse(localStorage.getItem('player') || '{}');
  $('user').value = query.get('user') || saved.user || $('user').value;
  $('movie').value = query.get('movie') || saved.movie || $('movie').value;
  $('format').value = query.get('format') || saved.format || $('format').value;

  async function api(method, path, body, keepalive = false) {
    const response = await fetch(path, {
      method,
      keepalive,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok && response.status !== 404) {
      throw new Error(`${method} ${path}: ${response.status} ${json?.detail || json?.title || text}`);
    }
    return response.status === 404 ? null : json;
  }

  async function start() {
    stop();
    const user = $('user').value, movie = $('movie').value, format = $('format').value;
    localStorage.setItem('player', JSON.stringify({ user, movie, format }));
    history.replaceState(null, '', `?user=${user}&movie=${movie}&format=${format}`);
    try {
      state.status = 'starting';
      token = (await api('POST', '/player/token', { user_id: user })).access_token;
      const stream = await api('POST', `/api/v1/stream/${movie}`, { manifest_type: format });
      if (!stream) throw new Error('Manifest not found (the sample title is still being prepared on a first run?)');
      state.sessionId = stream.session_id;
      const progress = await api('GET', `/api/v1/stream/${movie}/progress`);
      const resumeAt = progress?.position_seconds ?? 0;
      current = { movie };
      log(`session ${stream.session_id}, ${format}, resume at ${resumeAt}s`);
      attach(format, stream.manifest_url, resumeAt);
      progressTimer = setInterval(reportProgress, 10_000);
    } catch (error) {
      state.status = 'error';
      state.error = String(error.message || error);
      log(state.error);
    }
  }

  function attach(format, url, resumeAt) {
    const seekAndPlay = () => {
      if (resumeAt > 0) video.currentTime = resumeAt;
      state.resumedFrom = resumeAt;
      state.status = 'playing';
      video.play().catch((error) => log(`play(): ${error.message}`));
    };
    video.addEventListener('loadedmetadata', seekAndPlay, { once: true });
    if (format === 'dash') {
      player = dashjs.MediaPlayer().create();
      player.initialize(video, url, false);
    } else if (window.Hls && Hls.isSupported()) {
      player = new Hls();
      player.on(Hls.Events.ERROR, (_, data) => data.fatal && log(`hls.js: ${data.details}`));
      player.loadSource(url);
      player.attachMedia(video);
    } else {
      video.src = url; // native HLS (Safari)
    }
  }

  async function reportProgress() {
    if (!current || !token) return;
    try {
      await api('POST', `/api/v1/stream/${current.movie}/progress`, { position_seconds: Math.floor(video.currentTime) });
    } catch (error) {
      log(String(error.message || error));
    }
  }

  function stop() {
    if (!current || !token) return;
    clearInterval(progressTimer);
    // keepalive lets the request outlive the page; sendBeacon could not carry the Authorization header.
    api('POST', `/api/v1/stream/${current.movie}/stop`, { position_seconds: Math.floor(video.currentTime) }, true).catch(() => {});
    current = null;
    if (player) { (player.destroy || player.reset).call(player); player = null; }
  }

  $('controls').addEventListener('submit', (event) => { event.preventDefault(); start(); });
  window.addEventListener('pagehide', stop);
  if (query.has('user') || saved.user) start();
})();
