// Views: each route renders into <main> as a View, whose timers and late answers end when it is
// left (another route, or signing out); and pageStart(), the heading and navigation every page
// begins with.

import { h } from '/console/dom.js';
import { setNav } from '/console/frame.js';

class View {
  constructor() {
    this.alive = true;
    this.timers = new Set();
  }

  /** Runs fn every `ms` (after the previous run ended) while the view lives and the tab is visible. */
  poll(fn, ms) {
    const tick = async () => {
      this.timers.delete(timer);
      if (!this.alive) return;
      if (document.visibilityState === 'visible') {
        try {
          if ((await fn()) === false) return; // the poller is done
        } catch (e) {
          if (e.signedOut) return;
        }
      }
      if (this.alive) timer = this.after(tick, ms);
    };
    let timer = this.after(tick, ms);
  }

  after(fn, ms) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.alive) fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  close() {
    this.alive = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

let currentView = null;

/** Ends the view shown and begins the next one (route() renders into it). */
export function nextView() {
  currentView?.close();
  return (currentView = new View());
}

/** Ends the view shown (signing out): its timers stop and its late answers are dropped. */
export function closeView() {
  currentView?.close();
}

/** Starts a page: its heading and the group navigation. Returns the <main> emptied. */
export function pageStart(main, title, { group = null, crumbs = [] } = {}) {
  document.title = `${title} · edgerec console`;
  setNav(group);
  const trail = crumbs.length
    ? h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('ol', {}, crumbs.map(([label, href]) => h('li', {}, href ? h('a', { href }, label) : h('span', { 'aria-current': 'page' }, label)))))
    : null;
  main.replaceChildren(trail ?? '', h('h1', { tabindex: '-1' }, title));
  return main;
}
