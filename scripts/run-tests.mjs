// Runs every compiled test file with node's own test runner.
// Node 20 takes directories, Node 22 takes globs: listing the files ourselves works on both.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['dist/src', 'dist/test'];
const files = roots.flatMap((root) => (statSync(root).isDirectory() ? findTests(root) : [root])).sort();
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
