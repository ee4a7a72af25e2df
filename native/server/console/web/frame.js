// The frame around <main> (index.html): who is signed in, the main navigation, and the short
// notices (toast) read out by screen readers.

import { $, h } from '/console/dom.js';
import { hashFor } from '/console/format.js';
import { session } from '/console/api.js';

export function showChrome() {
  const current = session.get();
  $('#who').textContent = current ? `Signed in as ${current.accessKeyId}` : '';
  $('#sign-out').hidden = !current;
  $('#nav').hidden = !current;
}

/** The main navigation: dataset groups, and the pages of the group being looked at. */
export function setNav(group) {
  if (group) sessionStorage.setItem('edgerec.console.group', group);
  const g = group ?? sessionStorage.getItem('edgerec.console.group');
  const here = location.hash || '#/groups';
  const link = (label, href) => h('li', {}, h('a', { href, 'aria-current': here === href ? 'page' : false }, label));
  const items = [link('Dataset groups', '#/groups')];
  const nav = $('#nav');
  const children = [h('ul', {}, items)];
  if (g) {
    children.push(h('h2', { class: 'nav-group', id: 'nav-group-label' }, g));
    children.push(h('ul', { 'aria-labelledby': 'nav-group-label' },
      link('Datasets and imports', hashFor('groups', g)),
      link('Solutions', `${hashFor('groups', g)}/solutions`),
      link('Campaigns', `${hashFor('groups', g)}/campaigns`),
      link('Filters', `${hashFor('groups', g)}/filters`),
      link('Event trackers', `${hashFor('groups', g)}/trackers`)));
  }
  nav.replaceChildren(...children);
}

let toastTimer = null;
/** A short notice read out by screen readers ("Created dataset group shop"). */
export function notify(text) {
  const toast = $('#toast');
  toast.textContent = text;
  toast.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toast.classList.remove('shown'), 4000);
}
