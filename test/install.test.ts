// Installing from the repository: svclint is not on the npm registry, so the tarball of `npm pack` is what a
// global install, a project's file dependency and the pre-commit hook install. It must run as it is (nothing to
// compile) and ask to approve no install script.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let dir: string;
let unpacked: string;

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'cli', 'svclint.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  }
  dir = mkdtempSync(path.join(tmpdir(), 'svclint-pack-'));
  const manifestBefore = readFileSync(path.join(root, 'package.json'), 'utf8');
  const pack = spawnSync('npm', ['pack', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  // prepack changes package.json for the tarball; postpack puts it back.
  expect(readFileSync(path.join(root, 'package.json'), 'utf8')).toBe(manifestBefore);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  const untar = spawnSync('tar', ['xzf', tarball], { cwd: dir, encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  unpacked = path.join(dir, 'package');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the npm pack tarball', () => {
  it('has no prepare script (npm would list it as an install script to approve, and it cannot build there)', () => {
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(manifest.scripts.prepare).toBeUndefined();
    expect(manifest.bin).toEqual({ svclint: 'dist/cli/svclint.js' });
  });

  it('runs as it is, without its dependencies installed (the executable is one bundle)', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(unpacked, 'dist', 'cli', 'svclint.js'), 'endpoints', 'examples/clean/cart.yaml'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('shop/cart:80/TCP (http) → Deployment/cart/cart:8080 (2 replicas)\n');
  });
});

describe('install instructions', () => {
  it('the demo does not suggest npx svclint, which finds nothing outside a project that installed it', () => {
    expect(readFileSync(path.join(root, 'scripts', 'demo.mjs'), 'utf8')).not.toMatch(/npx svclint/);
  });

  it('the README gives routes that work from the repository before any npx svclint', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const installing = readme.indexOf('\n## Installing\n');
    expect(installing).toBeGreaterThan(0);
    expect(readme.indexOf('npx svclint')).toBeGreaterThan(installing);
    const section = readme.slice(installing, readme.indexOf('\n## ', installing + 1));
    for (const route of [
      'npm install --save-dev git+https://',
      'npm pack',
      'npm install -g ./svclint-',
      '#github-action',
      '#pre-commit',
    ])
      expect(section).toContain(route);
  });
});
