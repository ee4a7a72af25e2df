// EdgerecError and the status codes of the C ABI (core/include/edgerec/edgerec.h).
//
// Every failure of this package is an EdgerecError whose `code` is the numeric status the core
// returned (or the one that fits a failure detected in JS), so callers can branch on it.

/** Status codes; the same numbers as EDGEREC_* in edgerec.h. They never change. */
export const StatusCode = Object.freeze({
  OK: 0,
  INVALID_INPUT: 10,
  NOT_FOUND: 20,
  CORRUPT_DATA: 30,
  UNSUPPORTED_VERSION: 40,
  RESOURCE_EXHAUSTED: 50,
  IO_ERROR: 60,
  FAILED_PRECONDITION: 70,
  INTERNAL: 90,
});

// Mirrors edgerec_status_name(), so errors raised before the wasm is loaded are named too.
const NAMES = new Map([
  [0, 'OK'],
  [10, 'InvalidInput'],
  [20, 'NotFound'],
  [30, 'CorruptData'],
  [40, 'UnsupportedVersion'],
  [50, 'ResourceExhausted'],
  [60, 'IoError'],
  [70, 'FailedPrecondition'],
  [90, 'Internal'],
]);

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
