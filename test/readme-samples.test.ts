// README.md's sample outputs are svclint's real output on examples/ (scripts/readme-samples.mjs writes them).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, renderSamples, ROOT, sampleCommands } from '../scripts/readme-samples.mjs';
import { cli } from './helpers.js';

describe('README.md sample outputs', () => {
  const readme = readFileSync(README, 'utf8');

  it('has sample blocks', () => {
    expect(sampleCommands(readme).flat().length).toBeGreaterThan(0);
  });

  it('are what svclint prints now (else: npm run update)', async () => {
    const rendered = await renderSamples(readme, async (args) => {
      const { code, stdout, stderr } = await cli(args, { cwd: ROOT });
      expect(code, `svclint ${args.join(' ')}: ${stderr}`).not.toBe(2);
      return stdout;
    });
    // Compared block by block, so that a failure names the stale sample and the command that rewrites it.
    const blocks = (text: string) =>
      text
        .split(/(?=<!-- sample: )/)
        .slice(1)
        .map((b) => b.slice(0, b.indexOf('<!-- /sample -->')));
    const expected = blocks(rendered);
    blocks(readme).forEach((block, i) => {
      expect(block, `README.md sample "${block.split('\n')[0]}" is stale: run npm run update`).toBe(expected[i]);
    });
  });
});
