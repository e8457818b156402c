// Runs once before the test files: builds dist/ from a clean slate (`npm run build` removes the previous output
// first), so the tests that run the CLI, the worker threads or the built library (cli, hostile, parallel, property,
// install, ...) test the current sources, never an earlier build. SVCLINT_TEST_NO_BUILD=1 skips it for an edit loop
// that runs only tests of the sources (npx vitest run rules/<id>).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  if (process.env.SVCLINT_TEST_NO_BUILD === '1') return;
  const root = path.resolve(import.meta.dirname, '..');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed before the tests:\n${build.stdout}\n${build.stderr}`);
}
