// Shared by the pages that run inside a browser or workerd (js/browser-test/page.js,
// js/worker-test/worker.js): what a call threw, as plain JSON the runner can check.

/**
 * errorOf(fn) for `EdgerecError`, the class the page imported from its entry point (so the
 * instanceof check says the package's own error type crossed it): awaits fn() and resolves
 * {thrown: false}, or {thrown: true, isEdgerecError, code, message}.
 */
export function makeErrorOf(EdgerecError) {
  return async function errorOf(fn) {
    try {
      await fn();
      return { thrown: false };
    } catch (e) {
      return { thrown: true, isEdgerecError: e instanceof EdgerecError, code: e.code, message: String(e.message) };
    }
  };
}
