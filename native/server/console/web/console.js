// The edgerec console: a hash-routed page over the same APIs the SDKs call (docs/console.md).
//
//   POST /console/session            sign in with an access key of the home -> a bearer token
//   POST /  AmazonPersonalize.OP     Personalize's control plane
//   POST /  Edgerec.OP               edgerec's own read-only operations for this page
//   POST /recommendations, /personalize-ranking   the Runtime, for the "try it" panel
//
// Every name, id and item metadata value shown is user data: the views are built with DOM calls
// and textContent only (never innerHTML), and the page's CSP allows no inline script.
// Lists are read a page at a time (maxResults <= 100 and nextToken), so a group with 100 versions
// or a catalog of 10,000 items costs one page of rows.
//
// This file is the entry index.html loads: the routes and the start. Everything else is in the
// modules beside it, one concept each, imported by absolute path (the page answers at both
// /console and /console/): dom, format, api, views, frame, status, errors, sections, tables,
// forms and charts, then a page-*.js per part of the console (campaign-*.js: a campaign page's
// panels).

import { $, h } from '/console/dom.js';
import { session } from '/console/api.js';
import { nextView } from '/console/views.js';
import { showChrome } from '/console/frame.js';
import { errorBox } from '/console/errors.js';
import { loginPage, signOut } from '/console/page-sign-in.js';
import { groupPage, groupsPage } from '/console/page-groups.js';
import { comparePage, solutionPage, solutionsPage, versionPage } from '/console/page-solutions.js';
import { filtersPage } from '/console/page-filters.js';
import { campaignPage, campaignsPage } from '/console/page-campaigns.js';
import { trackersPage } from '/console/page-trackers.js';

const ROUTES = [
  [/^#\/groups$/, groupsPage],
  [/^#\/groups\/([^/]+)$/, groupPage],
  [/^#\/groups\/([^/]+)\/solutions$/, solutionsPage],
  [/^#\/groups\/([^/]+)\/campaigns$/, campaignsPage],
  [/^#\/groups\/([^/]+)\/filters$/, filtersPage],
  [/^#\/groups\/([^/]+)\/trackers$/, trackersPage],
  [/^#\/solutions\/([^/]+)$/, solutionPage],
  [/^#\/solutions\/([^/]+)\/versions\/([^/]+)$/, versionPage],
  [/^#\/solutions\/([^/]+)\/compare\/([^/]+)\/([^/]+)$/, comparePage],
  [/^#\/campaigns\/([^/]+)$/, campaignPage],
];

/** Renders the route of location.hash. `focus`: move focus to the new heading (a navigation). */
export async function route({ focus = false } = {}) {
  const view = nextView();
  const main = $('#main');
  if (!session.get()) return loginPage(main);
  showChrome();
  const hash = location.hash || '#/groups';
  let match = null;
  let page = null;
  for (const [pattern, fn] of ROUTES) {
    match = pattern.exec(hash);
    if (match) {
      page = fn;
      break;
    }
  }
  if (!page) {
    main.replaceChildren(h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, 'No page at ', h('code', {}, hash), '. ',
      h('a', { href: '#/groups' }, 'Dataset groups')));
    return;
  }
  const params = match.slice(1).map((p) => decodeURIComponent(p));
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  try {
    await page(view, main, ...params);
  } catch (e) {
    if (!view.alive || e.signedOut) return;
    main.replaceChildren(h('h1', { tabindex: '-1' }, 'Something went wrong'), errorBox(e));
  }
  if (focus && view.alive) $('h1', main)?.focus();
}

function start() {
  $('#sign-out').addEventListener('click', signOut);
  // The skip link must not change the hash (the router's); it moves focus to the content.
  $('#skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    $('#main').focus();
  });
  window.addEventListener('hashchange', () => route({ focus: true }));
  route();
}

start();
