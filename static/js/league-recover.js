// Trade a recovery code for this league's identity on this device.
import { $, pageData, showError } from './dom.js';

const { id } = pageData();

async function recover(event) {
  event.preventDefault();
  showError('recover-error', '');
  const code = $('code').value.trim();
  if (!code) return showError('recover-error', 'Type your recovery code.');
  const reply = await fetch(`/api/leagues/${id}/recover`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ code }),
  });
  const data = await reply.json().catch(() => ({}));
  if (!reply.ok) return showError('recover-error', (data.error && data.error.message) || `The server answered ${reply.status}.`);
  localStorage.setItem(`quizroom.league.${id}`, JSON.stringify({ token: data.token, nickname: data.nickname }));
  $('recovered-name').textContent = data.nickname;
  $('recovered-code').textContent = data.recovery_code;
  $('recovered').hidden = false;
  $('recover-button').hidden = true;
  return undefined;
}

$('recover').addEventListener('submit', recover);
