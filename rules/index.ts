// Every rule, sorted by id. test/rules-registry.test.ts checks this list against the rules/ folders.
import type { Rule } from '../src/rule.js';
import orphanService from './orphan-service/index.js';
import parseError from './parse-error/index.js';
import targetPortMismatch from './target-port-mismatch/index.js';
import workloadSelector from './workload-selector/index.js';

export const rules: readonly Rule[] = [orphanService, parseError, targetPortMismatch, workloadSelector];
