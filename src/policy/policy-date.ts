// Dates in Date* conditions and in aws:CurrentTime / aws:EpochTime (IAM User Guide, "Date
// condition operators"): W3C ISO 8601 (`2024-01-31`, `2024-01-31T12:00:00Z`, with fractional
// seconds or an offset) or epoch seconds. A time without a zone is UTC, as in AWS; JavaScript's
// own parser would read it as local time, hence the explicit `Z`.

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const EPOCH_SECONDS = /^-?\d+$/;

/** Milliseconds since the epoch, or undefined when the value is no date AWS would accept. */
export function parsePolicyDate(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  const text = value.trim();
  if (EPOCH_SECONDS.test(text)) return Number(text) * 1000;
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hours = '00', minutes = '00', seconds = '00', fraction = '', zone] = match;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return undefined;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(zone);
  const millis = fraction === '' ? '' : fraction.slice(0, 4).padEnd(4, '0');
  const parsed = Date.parse(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}${millis}${offset}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** `+01`, `+0100` and `+01:00` all become `+01:00`, the one form Date.parse must accept. */
function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4)}`;
}
