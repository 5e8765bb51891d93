// Sign-in: exchanges the key for a session cookie (the key never stays in the page or the URL).
import { t } from './i18n.js';

export function start() {
  const form = document.getElementById('sign-in-form');
  const error = document.getElementById('sign-in-error');
  const input = document.getElementById('key');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const key = input.value.trim();
    if (!key) {
      error.textContent = t('keyRequired');
      input.focus();
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const res = await fetch('/console/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ key }),
      });
      if (res.ok) {
        location.assign(document.body.dataset.next || '/console/');
        return;
      }
      error.textContent =
        res.status === 401
          ? t('wrongKey')
          : res.status === 429
            ? t('tooManyAttempts')
            : `${t('error')}: ${res.status}`;
    } catch {
      error.textContent = t('offline');
    }
    button.disabled = false;
    input.select();
    input.focus();
  });
}
