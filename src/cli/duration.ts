// Durations on the command line: `90s`, `30m`, `24h`, `7d`, or plain milliseconds.
import { InvalidArgumentError } from 'commander';

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`"${text}" is not a duration: use e.g. 0, 90s, 30m, 24h or 7d`);
  return Math.round(Number(match[1]) * unitMs[match[2] ?? 'ms']!);
}
