#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (`npm run build` produces dist/).
import { main } from '../dist/src/main.js';

main(process.argv).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
