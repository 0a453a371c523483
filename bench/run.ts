// Entry point: `npm run bench` (= build, then `node dist/bench/run.js [options]`).
// Runs the same workloads against Berth (embedded, and optionally on PostgreSQL + S3 with one or two
// nodes), the reference registry (CNCF Distribution) and a bare node:http server, and prints one
// table with Berth's ratios to the other two.
// `runBenchmarks()` (bench/runner.ts) is re-exported here for a smoke test.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ALL_TARGETS, DEFAULT_TARGETS, type BenchOptions, type TargetName } from './options.js';
import { formatMarkdown, formatTable } from './report.js';
import { hasErrors } from './results.js';
import { runBenchmarks } from './runner.js';

export { runBenchmarks } from './runner.js';
export { defaultOptions } from './options.js';
export type { BenchOptions, TargetName } from './options.js';
export type { BenchResults, ResultRow } from './results.js';
export { formatTable, formatMarkdown } from './report.js';

function berthAuth(value: string | undefined): BenchOptions['berthAuth'] | undefined {
  if (value === undefined || value === 'none' || value === 'ecr') return value;
  throw new Error(`--berth-auth wants none or ecr, got ${value}`);
}

const USAGE = `usage: node dist/bench/run.js [options]
  --quick                  small blobs and 2 s request-rate runs (smoke test)
  --targets LIST           comma-separated subset of ${ALL_TARGETS.join(',')},
                           or all (default: ${DEFAULT_TARGETS.join(',')}); berth-pg-s3 is one node on
                           PostgreSQL + s3rver, berth-pg-s3-x2 two of them behind HAProxy
  --workloads LIST         comma-separated subset of push-monolithic,push-chunked,pull-big,
                           pull-concurrent,manifest-get,blob-head (default: all)
  --json FILE              also write the results object as JSON
  --markdown               print the table as Markdown
  --duration SECONDS       request-rate run length (default 10, quick 2)
  --connections N          request-rate connections (default 64)
  --quiet-wait SECONDS     before each workload wait up to this long for other processes to go idle
                           (default 60, quick 0; the machine may be shared)
  --node-load              use node:http clients only, even if wrk/ab/curl are installed
  --berth-auth none|ecr     run Berth without auth like the reference (default) or with ECR auth
  --berth-arg ARG          extra argument for \`berth serve\` (repeatable)
  --berth-env NAME=VALUE   extra environment for berth (repeatable)
  --work-dir DIR           where cached blobs live (default .bench/)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      targets: { type: 'string' },
      workloads: { type: 'string' },
      json: { type: 'string' },
      markdown: { type: 'boolean' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'node-load': { type: 'boolean' },
      'quiet-wait': { type: 'string' },
      'berth-auth': { type: 'string' },
      'berth-arg': { type: 'string', multiple: true },
      'berth-env': { type: 'string', multiple: true },
      'work-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const targets = values.targets === 'all' ? ALL_TARGETS : values.targets?.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = targets?.filter((t) => !(ALL_TARGETS as string[]).includes(t));
  if (unknown?.length) throw new Error(`unknown target(s) ${unknown.join(', ')}\n${USAGE}`);
  const berthEnv = Object.fromEntries(
    (values['berth-env'] ?? []).map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--berth-env wants NAME=VALUE, got ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const number = (text: string | undefined, flag: string) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!(n > 0)) throw new Error(`${flag} wants a positive number, got ${text}`);
    return n;
  };
  const results = await runBenchmarks({
    quick: values.quick ?? false,
    targets: targets as TargetName[] | undefined,
    workloads: values.workloads?.split(',').map((w) => w.trim()).filter(Boolean),
    jsonFile: values.json,
    durationSeconds: number(values.duration, '--duration'),
    connections: number(values.connections, '--connections'),
    forceNodeLoad: values['node-load'] ?? false,
    quietWaitSeconds: values['quiet-wait'] === '0' ? 0 : number(values['quiet-wait'], '--quiet-wait'),
    berthAuth: berthAuth(values['berth-auth']),
    berthArgs: values['berth-arg'] ?? [],
    berthEnv,
    workDir: values['work-dir'],
  });
  console.log(`\n${values.markdown ? formatMarkdown(results) : formatTable(results)}`);
  if (hasErrors(results)) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
