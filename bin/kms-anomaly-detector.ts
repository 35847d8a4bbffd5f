#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { main } from '../cli/main';

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`kms-anomaly-detector: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
