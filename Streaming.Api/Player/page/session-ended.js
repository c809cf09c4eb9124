// Why a stream session ended, as the API says it (a progress report's or stop's 409 `reason`) or the edge and the
// manifest route do (403 with X-Playback-Denied), in words a viewer understands.
window.sessionEnded = (() => {
  const messages = {
    stopped_elsewhere: 'This stream was stopped on another device',
    replaced: 'This stream was replaced by a new start on this device',
    idle_timeout: 'This stream was closed after inactivity',
    subscription_ended: 'Your subscription has ended',
    stopped: 'Stopped',
    expired: 'This playback link has expired: press Play again',
    wrong_title: 'This playback link is not valid: press Play again',
    invalid: 'This playback link is not valid: press Play again',
  };
  return {
    describe: (reason, detail) => messages[reason] || detail || 'Stopped',
    // A media request was refused: the manifest URL answers why (the header is exposed to scripts by CORS).
    async reasonOfRefusal(url) {
      const response = await fetch(url, { cache: 'no-store' });
      return response.status === 403 ? response.headers.get('X-Playback-Denied') : null;
    },
  };
})();
