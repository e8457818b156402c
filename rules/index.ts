// Every rule, sorted by id. test/rule-docs.test.ts checks this list against the rules/ folders.
import type { Rule } from '../src/rule.js';
import apiVersion from './api-version/index.js';
import configReference from './config-reference/index.js';
import deployableSet from './deployable-set/index.js';
import dnsName from './dns-name/index.js';
import dnsReference from './dns-reference/index.js';
import duplicateEnvVar from './duplicate-env-var/index.js';
import duplicateObject from './duplicate-object/index.js';
import duplicatePort from './duplicate-port/index.js';
import envVarOrder from './env-var-order/index.js';
import hpaTarget from './hpa-target/index.js';
import ingressBackend from './ingress-backend/index.js';
import monitorTarget from './monitor-target/index.js';
import networkPolicyBlocks from './network-policy-blocks/index.js';
import networkPolicyDns from './network-policy-dns/index.js';
import networkPolicyPort from './network-policy-port/index.js';
import networkPolicySelector from './network-policy-selector/index.js';
import nodePortConflict from './node-port-conflict/index.js';
import nodePortRange from './node-port-range/index.js';
import orphanService from './orphan-service/index.js';
import parseError from './parse-error/index.js';
import pdbSelector from './pdb-selector/index.js';
import placeholder from './placeholder/index.js';
import portName from './port-name/index.js';
import probePort from './probe-port/index.js';
import schema from './schema/index.js';
import selectorlessService from './selectorless-service/index.js';
import serviceAccount from './service-account/index.js';
import serviceEnvOrder from './service-env-order/index.js';
import serviceType from './service-type/index.js';
import statefulsetService from './statefulset-service/index.js';
import suppression from './suppression/index.js';
import targetPortMismatch from './target-port-mismatch/index.js';
import workloadSelector from './workload-selector/index.js';

export const rules: readonly Rule[] = [
  apiVersion,
  configReference,
  deployableSet,
  dnsName,
  dnsReference,
  duplicateEnvVar,
  duplicateObject,
  duplicatePort,
  envVarOrder,
  hpaTarget,
  ingressBackend,
  monitorTarget,
  networkPolicyBlocks,
  networkPolicyDns,
  networkPolicyPort,
  networkPolicySelector,
  nodePortConflict,
  nodePortRange,
  orphanService,
  parseError,
  pdbSelector,
  placeholder,
  portName,
  probePort,
  schema,
  selectorlessService,
  serviceAccount,
  serviceEnvOrder,
  serviceType,
  statefulsetService,
  suppression,
  targetPortMismatch,
  workloadSelector,
];
