// Renders results as an aligned text table (stdout) or a Markdown table (for docs/benchmarks.md).
// Ratios are one target's value over another's, whatever the unit: above 1 means the first one's
// figure is higher, which is better for MB/s and req/s and worse for memory. Berth (embedded) is
// set against the two yardsticks, and two scale-out nodes against one.
import type { BenchResults, ResultRow } from './results.js';
import type { TargetName } from './options.js';

function formatValue(row: ResultRow, target: TargetName): string {
  const error = row.errors[target];
  if (error !== undefined) return 'ERROR';
  const value = row.values[target];
  if (value === undefined) return '-';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return row.warnings[target] ? `${text}*` : text;
}

interface Ratio {
  header: string;
  of: TargetName;
  to: TargetName;
}

const RATIOS: Ratio[] = [
  { header: 'berth/reference', of: 'berth', to: 'reference' },
  { header: 'berth/node', of: 'berth', to: 'node' },
  { header: '2 nodes/1 node', of: 'berth-pg-s3-x2', to: 'berth-pg-s3' },
];

function ratio(row: ResultRow, { of, to }: Ratio): string {
  const value = row.values[of];
  const base = row.values[to];
  if (value === undefined || base === undefined || base === 0) return '-';
  return `${(value / base).toFixed(2)}x`;
}

function columns(results: BenchResults): { header: string[]; cells: string[][] } {
  const names = results.targets.map((t) => t.name);
  const ratios = RATIOS.filter(({ of, to }) => names.includes(of) && names.includes(to));
  const header = ['workload', 'unit', ...names, ...ratios.map((r) => r.header)];
  const cells = results.rows.map((row) => [
    `${row.label}${row.higherIsBetter ? '' : ' (lower is better)'}`,
    row.unit,
    ...names.map((n) => formatValue(row, n)),
    ...ratios.map((r) => ratio(row, r)),
  ]);
  return { header, cells };
}

function notes(results: BenchResults): string[] {
  const lines = [`Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, ${results.machine.os}, Linux ${results.machine.kernel}, node ${results.machine.node}`];
  lines.push(`Targets: ${results.targets.map((t) => `${t.name} = ${t.label}${t.error ? ` (FAILED TO START: ${t.error.split('\n')[0]})` : ''}`).join('; ')}`);
  for (const t of results.targets) {
    if (t.otherCpuCores !== undefined && t.otherCpuCores > 0.25) {
      lines.push(`NOISE: other processes used ${t.otherCpuCores.toFixed(2)} cores on average while ${t.name} was measured`);
    }
  }
  for (const t of results.targets) {
    if (t.serverLog) lines.push(`LOG: ${t.name} logged ${t.serverLog.count} warning/error line(s), e.g. ${t.serverLog.first[0]}`);
  }
  lines.push(`Load generators: ${results.rateTool}. MB = 10^6 bytes.${results.quick ? ' QUICK RUN: smoke-test sizes, not figures to quote.' : ''}`);
  for (const row of results.rows) {
    for (const [target, warning] of Object.entries(row.warnings)) lines.push(`* ${row.label} on ${target}: ${warning}`);
    for (const [target, error] of Object.entries(row.errors)) lines.push(`ERROR ${row.label} on ${target}: ${error.split('\n')[0]}`);
  }
  return lines;
}

export function formatTable(results: BenchResults): string {
  const { header, cells } = columns(results);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), '', ...notes(results)].join('\n');
}

export function formatMarkdown(results: BenchResults): string {
  const { header, cells } = columns(results);
  const row = (cols: string[]) => `| ${cols.join(' | ')} |`;
  const align = header.map((_, i) => (i < 2 ? '---' : '---:'));
  return [row(header), row(align), ...cells.map(row), '', ...notes(results).map((n) => `- ${n}`)].join('\n');
}
