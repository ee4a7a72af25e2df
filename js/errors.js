// EdgerecError and the status codes of the C ABI (core/include/edgerec/edgerec.h).
//
// Every failure of this package is an EdgerecError whose `code` is the numeric status the core
// returned (or the one that fits a failure detected in JS), so callers can branch on it.

// The status table: [constant, number, name], the constants and numbers of EDGEREC_* in
// core/include/edgerec/edgerec.h (the source; js/test/status-codes.test.js checks this table and
// index.d.ts against it) and the names edgerec_status_name() gives, so errors raised before the
// wasm is loaded are named too. They never change.
const STATUS_TABLE = [
  ['OK', 0, 'OK'],
  ['INVALID_INPUT', 10, 'InvalidInput'],
  ['NOT_FOUND', 20, 'NotFound'],
  ['CORRUPT_DATA', 30, 'CorruptData'],
  ['UNSUPPORTED_VERSION', 40, 'UnsupportedVersion'],
  ['RESOURCE_EXHAUSTED', 50, 'ResourceExhausted'],
  ['IO_ERROR', 60, 'IoError'],
  ['FAILED_PRECONDITION', 70, 'FailedPrecondition'],
  ['ALREADY_EXISTS', 80, 'AlreadyExists'],
  ['INTERNAL', 90, 'Internal'],
];

/** Status codes; the same numbers as EDGEREC_* in edgerec.h. */
export const StatusCode = Object.freeze(Object.fromEntries(STATUS_TABLE.map(([constant, code]) => [constant, code])));

const NAMES = new Map(STATUS_TABLE.map(([, code, name]) => [code, name]));

/** The name of a status code, e.g. "InvalidInput"; "Unknown" for unknown values. */
export function statusName(code) {
  return NAMES.get(code) ?? 'Unknown';
}

export class EdgerecError extends Error {
  /**
   * @param {number} code numeric status (StatusCode)
   * @param {string} message what was wrong and where
   * @param {{codeName?: string, cause?: unknown}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'EdgerecError';
    /** Numeric status, e.g. 10. */
    this.code = code;
    /** Status name, e.g. "InvalidInput". */
    this.codeName = extra.codeName ?? statusName(code);
  }
}
