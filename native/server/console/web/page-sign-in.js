// Sign in and sign out: the sign-in form (POST /console/session), shown in place of any page
// when there is no session or the server no longer knows its token.

import { $, h } from '/console/dom.js';
import { ApiError, ARN_PREFIX_KEY, errorTypeOf, readJson, session } from '/console/api.js';
import { closeView } from '/console/views.js';
import { field, form, input } from '/console/forms.js';
import { route } from '/console/console.js';

export function signedOut(message) {
  closeView();
  const main = $('#main');
  loginPage(main, message);
}

export function loginPage(main, message) {
  document.title = 'Sign in · edgerec console';
  $('#nav').hidden = true;
  $('#nav').replaceChildren();
  $('#who').textContent = '';
  $('#sign-out').hidden = true;
  const keyId = input({ id: 'access-key-id', name: 'accessKeyId', autocomplete: 'username', required: true, placeholder: 'EDGE…' });
  const secret = input({ id: 'secret-access-key', name: 'secretAccessKey', type: 'password', autocomplete: 'current-password', required: true });
  const loginForm = form({
    label: 'Sign in',
    submit: 'Sign in',
    onSubmit: async () => {
      const response = await fetch('/console/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ accessKeyId: keyId.value.trim(), secretAccessKey: secret.value }),
      });
      const data = await readJson(response);
      if (!response.ok) throw new ApiError(response.status, errorTypeOf(response, data), data.message ?? `HTTP ${response.status}`);
      session.set({ token: data.token, accessKeyId: data.accessKeyId, expiresAt: data.expiresAt });
      secret.value = '';
      await route({ focus: true });
    },
  },
  field('Access key ID', keyId),
  field('Secret access key', secret, 'An access key of this server\'s home: edgerec create-access-key --home HOME'));
  loginForm.id = 'login-form';
  main.replaceChildren(h('div', { class: 'login card' },
    h('h1', { tabindex: '-1' }, 'Sign in to the edgerec console'),
    message ? h('p', { class: 'notice', role: 'status' }, message) : '',
    loginForm));
}

export async function signOut() {
  const current = session.get();
  session.clear();
  sessionStorage.removeItem(ARN_PREFIX_KEY);
  if (current) {
    await fetch('/console/session', { method: 'DELETE', headers: { Authorization: `Bearer ${current.token}` } }).catch(() => {});
  }
  signedOut('Signed out.');
}
