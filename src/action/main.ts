// Entry point of the GitHub Action (bundled into dist/action/index.js by scripts/bundle-action.mjs).
import { runAction } from './run.js';

await runAction();
