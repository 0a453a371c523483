// Runs every compiled test file with node's own test runner.
// Node 20 takes directories, Node 22 takes globs: listing the files ourselves works on both.
//
// Without arguments (`npm test`): two runs. First every test on the embedded store; then the
// black-box suites (OCI, ECR, ECR Public, IAM, e2e, durability) again with BERTH_TEST_BACKEND=scale-out, i.e. with
// Berth on PostgreSQL + S3. The unit and contract tests under dist/src are not repeated (they run
// both dialects themselves), nor test/scale-out (always on PostgreSQL + S3). The last lines are the
// totals of both runs, ending with `N passed, M failed`; the exit code is non-zero if either failed.
// With arguments: one run of the given directories or files, on whatever BERTH_TEST_BACKEND says.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found;
}

function testFiles(roots) {
  const files = roots.flatMap((root) => (statSync(root).isDirectory() ? findTests(root) : [root])).sort();
  if (files.length === 0) {
    console.error('no test files found under', roots.join(', '));
    process.exit(1);
  }
  return files;
}

/** One `node --test` run, its output passed through; resolves to its exit status and summary counts. */
function runTests(files, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4096);
    });
    child.on('close', (status, signal) => {
      // The spec reporter's summary: `ℹ tests 12`, `ℹ pass 11`, `ℹ fail 1`, `ℹ cancelled 0`, …
      const plain = tail.replace(/\x1b\[[0-9;]*m/g, '');
      const count = (name) => {
        const matches = [...plain.matchAll(new RegExp(`^ℹ ${name} (\\d+)$`, 'gm'))];
        return matches.length > 0 ? Number(matches[matches.length - 1][1]) : undefined;
      };
      const counts = { tests: count('tests'), pass: count('pass'), fail: count('fail'), cancelled: count('cancelled'), skipped: count('skipped'), todo: count('todo') };
      resolve({ status: status ?? 1, signal, counts });
    });
  });
}

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const banner = (text) => console.log(`\n${'='.repeat(100)}\n=== ${text}\n${'='.repeat(100)}`);

const runs = [];
if (process.argv.length > 2) {
  runs.push({ label: 'the given tests', files: testFiles(process.argv.slice(2)), env: process.env });
} else {
  const embedded = { ...process.env };
  delete embedded.BERTH_TEST_BACKEND;
  runs.push({ label: 'all tests, Berth on the embedded store (SQLite + filesystem)', files: testFiles(['dist/src', 'dist/test']), env: embedded });
  runs.push({
    label: 'black-box suites again, Berth on PostgreSQL + S3 (BERTH_TEST_BACKEND=scale-out)',
    files: testFiles(['dist/test/oci', 'dist/test/ecr', 'dist/test/ecr-public', 'dist/test/iam', 'dist/test/e2e', 'dist/test/durability']),
    env: { ...process.env, BERTH_TEST_BACKEND: 'scale-out' },
  });
}

const results = [];
for (const [index, run] of runs.entries()) {
  const runStarted = Date.now();
  if (runs.length > 1) banner(`run ${index + 1}/${runs.length}: ${run.label}`);
  const result = await runTests(run.files, run.env);
  results.push({ ...result, label: run.label, took: seconds(runStarted) });
}

if (runs.length > 1) {
  banner(`summary of ${runs.length} runs (${seconds(started)})`);
  for (const [index, { label, status, signal, counts, took }] of results.entries()) {
    const outcome = status === 0 ? 'ok' : `FAILED (exit ${signal ?? status})`;
    console.log(`run ${index + 1}: ${counts.pass ?? '?'} passed, ${(counts.fail ?? 0) + (counts.cancelled ?? 0)} failed, ${counts.skipped ?? 0} skipped in ${took} — ${outcome} — ${label}`);
  }
}
const total = (name) => results.reduce((sum, { counts }) => sum + (counts[name] ?? 0), 0);
const failed = results.some(({ status, counts }) => status !== 0 || counts.tests === undefined);
const failures = total('fail') + total('cancelled');
if (runs.length > 1) {
  for (const name of ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo']) console.log(`ℹ ${name} ${total(name)}`);
  // A run that failed without counting a failure (crashed, no summary) still counts as one.
  console.log(`${total('pass')} passed, ${failed && failures === 0 ? 1 : failures} failed`);
}
process.exit(failed ? 1 : 0);
