// The request time SigV4 signs: `YYYYMMDD'T'HHMMSS'Z'` (ISO-8601 basic format, UTC), and the
// ±15-minute window AWS accepts around the server clock.

import { SigV4Error } from './sigv4-error.js';

/** AWS rejects a signature dated more than this far from its clock, in either direction. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20150830T123600Z` for a Date (sub-second precision dropped, as in AWS's messages). */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Parses the signed date. `X-Amz-Date` must be basic format; a `Date` header may instead be an
 * HTTP date (RFC 7231), which AWS also accepts when X-Amz-Date is absent.
 */
export function parseAmzDate(value: string, { allowHttpDate = false } = {}): Date {
  const match = BASIC_FORMAT.exec(value);
  if (match) {
    const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
    const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
    // Date.UTC rolls 20150230 over to March; AWS rejects such a date rather than reinterpreting it.
    if (formatAmzDate(date) === value) return date;
  } else if (allowHttpDate && /[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw new SigV4Error(
    'incomplete-signature',
    `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  );
}

/** Throws AWS's "Signature expired" / "Signature not yet current" when outside the window. */
export function checkClockSkew(signedAt: Date, clock: Date): void {
  // Whole seconds, like the signed date, so the message never reads "X is now earlier than X".
  const now = new Date(Math.floor(clock.getTime() / 1000) * 1000);
  const nowText = formatAmzDate(now);
  const earliest = new Date(now.getTime() - MAX_CLOCK_SKEW_MS);
  const latest = new Date(now.getTime() + MAX_CLOCK_SKEW_MS);
  if (signedAt.getTime() < earliest.getTime()) {
    throw new SigV4Error(
      'signature-expired',
      `Signature expired: ${formatAmzDate(signedAt)} is now earlier than ${formatAmzDate(earliest)} (${nowText} - 15 min.)`,
    );
  }
  if (signedAt.getTime() > latest.getTime()) {
    throw new SigV4Error(
      'signature-expired',
      `Signature not yet current: ${formatAmzDate(signedAt)} is still later than ${formatAmzDate(latest)} (${nowText} + 15 min.)`,
    );
  }
}
