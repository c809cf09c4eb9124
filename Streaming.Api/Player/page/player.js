// Development player: token from the user service (through the API), stream start, playback with hls.js or
// dash.js, progress every 10 s, resume from the saved position (a finished title starts over), stop on leaving,
// the continue-watching row, and "Too many streams" with a button that stops the chosen session. Choices live in
// the query string and localStorage, so a reload resumes the same title for the same user. A stable device_id
// (localStorage) goes with every start and stop; when the API or the edge says the session ended (a 409 with a
// reason, or a 403 with X-Playback-Denied), playback stops and the reason is shown.
(() => {
  const $ = (id) => document.getElementById(id);
  const video = $('video');
  const state = window.playerState = { status: 'idle', resumedFrom: null, resumeChoice: null, sessionId: null, error: null, continueWatching: null, endedReason: null };
  const deviceId = localStorage.getItem('player-device') || crypto.randomUUID();
  localStorage.setItem('player-device', deviceId);
  let token = null;
  let tokenUser = null;
  let current = null;
  let progressTimer = null;
  let player = null;

  const log = (message) => { $('log').textContent += `${new Date().toLocaleTimeString()}  ${message}\n`; };
  const mmss = (seconds) => `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

  const query = new URLSearchParams(location.search);
  const saved = JSON.parse(localStorage.getItem('player') || '{}');
  const wanted = query.get('user') || saved.user;
  if (wanted && ![...$('user').options].some((option) => option.value === wanted)) {
    $('user').add(new Option(`user ${wanted}`, wanted));
  }
  $('user').value = wanted || $('user').value;
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
      const error = new Error(`${method} ${path}: ${response.status} ${json?.detail || json?.title || text}`);
      error.status = response.status;
      error.problem = json;
      throw error;
    }
    return response.status === 404 ? null : json;
  }

  async function signIn(user) {
    if (tokenUser !== user) {
      token = (await api('POST', '/player/token', { user_id: user })).access_token;
      tokenUser = user;
    }
  }

  async function showContinueWatching() {
    const row = await api('GET', '/api/v1/me/continue-watching?limit=20');
    state.continueWatching = row.items;
    const container = $('continue');
    container.replaceChildren();
    if (row.items.length === 0) container.innerHTML = '<em>Nothing yet.</em>';
    for (const item of row.items) {
      const card = document.createElement('div');
      card.className = 'item';
      card.dataset.movie = item.movie_id;
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = item.progress_percent;
      const button = document.createElement('button');
      button.textContent = `Resume at ${mmss(item.position_seconds)}`;
      button.addEventListener('click', () => { $('movie').value = item.movie_id; start(); });
      card.append(`${item.movie_id.slice(0, 8)}… ${item.progress_percent}% of ${mmss(item.duration_seconds)}`, bar, button);
      container.append(card);
    }
  }

  function showTooManyStreams(problem) {
    state.status = 'too-many-streams';
    $('too-many').hidden = false;
    const list = $('live-sessions');
    list.replaceChildren();
    for (const session of problem.live_sessions || []) {
      const entry = document.createElement('li');
      const button = document.createElement('button');
      button.textContent = 'Stop this stream';
      button.dataset.session = session.session_id;
      button.addEventListener('click', async () => {
        // Its last saved position, so that stopping it from here does not rewind the other device's progress.
        const progress = await api('GET', `/api/v1/stream/${session.movie_id}/progress`);
        // With this device's id: the other device is told its stream was stopped elsewhere. A 409 means it already ended.
        await api('POST', `/api/v1/stream/${session.movie_id}/stop`, { position_seconds: progress?.position_seconds ?? 0, session_id: session.session_id, device_id: deviceId })
          .catch((error) => { if (error.status !== 409) throw error; });
        $('too-many').hidden = true;
        start();
      });
      entry.append(`${session.movie_id.slice(0, 8)}… since ${new Date(session.started_at).toLocaleTimeString()} on ${session.user_agent || 'an unknown device'}${session.device_id ? ` (device ${session.device_id.slice(0, 8)}…)` : ''} `, button);
      list.append(entry);
    }
  }

  async function start() {
    stop();
    const user = $('user').value, movie = $('movie').value, format = $('format').value;
    localStorage.setItem('player', JSON.stringify({ user, movie, format }));
    history.replaceState(null, '', `?user=${user}&movie=${movie}&format=${format}`);
    try {
      state.status = 'starting';
      await signIn(user);
      await showContinueWatching().catch((error) => log(String(error.message || error)));
      const progress = await api('GET', `/api/v1/stream/${movie}/progress`);
      const resumeAt = progress?.resume_position_seconds ?? 0;
      state.resumeChoice = progress?.completed ? 'Start over' : resumeAt > 0 ? `Resume at ${mmss(resumeAt)}` : 'Play';
      $('resume-choice').textContent = state.resumeChoice;
      $('ended').hidden = true;
      state.endedReason = null;
      const stream = await api('POST', `/api/v1/stream/${movie}`, { manifest_type: format, device_id: deviceId });
      if (!stream) throw new Error('Manifest not found (the sample title is still being prepared on a first run?)');
      $('too-many').hidden = true;
      state.sessionId = stream.session_id;
      current = { movie, sessionId: stream.session_id };
      log(`session ${stream.session_id}, ${format}, ${state.resumeChoice}`);
      attach(format, stream.manifest_url, resumeAt);
      progressTimer = setInterval(reportProgress, 10_000);
    } catch (error) {
      if (error.status === 409) {
        showTooManyStreams(error.problem);
        log('Too many streams');
        return;
      }
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
      player.on(dashjs.MediaPlayer.events.ERROR, () => explainRefusal(url));
      player.initialize(video, url, false);
    } else if (window.Hls && Hls.isSupported()) {
      player = new Hls();
      player.on(Hls.Events.ERROR, (_, data) => {
        if (data.response?.code === 403) explainRefusal(url);
        if (data.fatal) log(`hls.js: ${data.details}`);
      });
      player.loadSource(url);
      player.attachMedia(video);
    } else {
      video.src = url; // native HLS (Safari)
    }
  }

  async function explainRefusal(url) {
    if (!current) return;
    const reason = await sessionEnded.reasonOfRefusal(url).catch((error) => log(String(error.message || error)));
    if (reason) ended(reason);
  }

  // The session is over (revoked by the API): stop playing without sending a stop, and say why.
  function ended(reason, detail) {
    if (!current) return;
    clearInterval(progressTimer);
    current = null;
    if (player) { (player.destroy || player.reset).call(player); player = null; }
    video.pause();
    state.status = 'ended';
    state.endedReason = reason;
    $('ended').textContent = sessionEnded.describe(reason, detail);
    $('ended').hidden = false;
    log(`ended: ${reason}`);
  }

  async function reportProgress() {
    if (!current || !token) return;
    try {
      await api('POST', `/api/v1/stream/${current.movie}/progress`, { position_seconds: Math.floor(video.currentTime), session_id: current.sessionId });
    } catch (error) {
      if (error.status === 409 && error.problem?.reason) {
        ended(error.problem.reason, error.problem.detail);
        return;
      }
      log(String(error.message || error));
    }
  }

  function stop() {
    if (!current || !token) return;
    clearInterval(progressTimer);
    // keepalive lets the request outlive the page; sendBeacon could not carry the Authorization header.
    api('POST', `/api/v1/stream/${current.movie}/stop`, { position_seconds: Math.floor(video.currentTime), session_id: current.sessionId, device_id: deviceId }, true).catch(() => {});
    current = null;
    if (player) { (player.destroy || player.reset).call(player); player = null; }
  }

  $('controls').addEventListener('submit', (event) => { event.preventDefault(); start(); });
  window.addEventListener('pagehide', stop);
  if (query.has('user') || saved.user) start();
})();
