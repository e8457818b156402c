// Label selector semantics (apimachinery labels.Requirement.Matches, Service spec.selector) and the PodIndex.
import { describe, expect, it } from 'vitest';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import { matchesLabelSelector, matchesMapSelector } from '../src/model/selector.js';
import { PodIndex, type PodSource } from '../src/model/pod-index.js';
import type { Labels, WorkloadModel } from '../src/model/types.js';
import { selectedReplicas } from '../src/model/pod-labels.js';
import { lint, seededRandom } from './helpers.js';

describe('matchesMapSelector (a Service spec.selector)', () => {
  it.each<[string, Labels | null, Labels, boolean]>([
    ['every key=value present', { app: 'web' }, { app: 'web' }, true],
    ['extra pod labels are fine', { app: 'web' }, { app: 'web', tier: 'frontend', 'pod-template-hash': '5d4' }, true],
    [
      'all of several pairs present',
      { app: 'web', tier: 'frontend' },
      { tier: 'frontend', app: 'web', env: 'prod' },
      true,
    ],
    ['one of several pairs missing', { app: 'web', tier: 'frontend' }, { app: 'web' }, false],
    [
      'one of several pairs with another value',
      { app: 'web', tier: 'frontend' },
      { app: 'web', tier: 'backend' },
      false,
    ],
    ['value differs only in case', { app: 'web' }, { app: 'Web' }, false],
    ['key differs only in case', { App: 'web' }, { app: 'web' }, false],
    ['value with a trailing space', { app: 'web ' }, { app: 'web' }, false],
    ['prefixed key', { 'app.kubernetes.io/name': 'web' }, { 'app.kubernetes.io/name': 'web' }, true],
    ['empty value matches an empty label value', { app: '' }, { app: '' }, true],
    ['empty value does not match a missing label', { app: '' }, {}, false],
    ['pod without labels', { app: 'web' }, {}, false],
    ['a key that is an Object.prototype member', { toString: 'x' }, {}, false],
    ['empty selector matches nothing', {}, { app: 'web' }, false],
    ['empty selector matches nothing, not even a pod without labels', {}, {}, false],
    ['null selector matches nothing', null, { app: 'web' }, false],
  ])('%s', (_name, selector, labels, expected) => {
    expect(matchesMapSelector(selector, labels)).toBe(expected);
  });
});

const req = (key: string, operator: string, values?: string[]): LabelSelectorRequirement =>
  values === undefined ? { key, operator } : { key, operator, values };

describe('matchesLabelSelector (a workload LabelSelector)', () => {
  const pod = { app: 'web', tier: 'frontend', empty: '' };
  it.each<[string, LabelSelector | null | undefined, Labels, boolean]>([
    ['{} matches everything', {}, pod, true],
    ['{} matches a pod without labels', {}, {}, true],
    ['empty matchLabels and matchExpressions match everything', { matchLabels: {}, matchExpressions: [] }, pod, true],
    ['null matches nothing', null, pod, false],
    ['undefined matches nothing', undefined, pod, false],
    ['matchLabels subset', { matchLabels: { app: 'web' } }, pod, true],
    ['matchLabels with a missing key', { matchLabels: { app: 'web', env: 'prod' } }, pod, false],
    ['matchLabels value differs in case', { matchLabels: { app: 'WEB' } }, pod, false],
    ['matchLabels with a prototype key', { matchLabels: { constructor: 'x' } }, pod, false],

    ['In: value listed', { matchExpressions: [req('tier', 'In', ['backend', 'frontend'])] }, pod, true],
    ['In: value not listed', { matchExpressions: [req('tier', 'In', ['backend'])] }, pod, false],
    ['In: key missing', { matchExpressions: [req('env', 'In', ['prod'])] }, pod, false],
    ['In: values compared case-sensitively', { matchExpressions: [req('tier', 'In', ['Frontend'])] }, pod, false],
    ['In: an empty value listed matches an empty label', { matchExpressions: [req('empty', 'In', [''])] }, pod, true],
    ['In: empty values match nothing', { matchExpressions: [req('tier', 'In', [])] }, pod, false],
    ['In: absent values match nothing', { matchExpressions: [req('tier', 'In')] }, pod, false],

    ['NotIn: value listed', { matchExpressions: [req('tier', 'NotIn', ['frontend'])] }, pod, false],
    ['NotIn: value not listed', { matchExpressions: [req('tier', 'NotIn', ['backend'])] }, pod, true],
    ['NotIn: pods lacking the key match', { matchExpressions: [req('env', 'NotIn', ['prod'])] }, pod, true],
    ['NotIn: case-sensitive', { matchExpressions: [req('tier', 'NotIn', ['FRONTEND'])] }, pod, true],
    ['NotIn: empty values match nothing', { matchExpressions: [req('env', 'NotIn', [])] }, pod, false],

    ['Exists: key present', { matchExpressions: [req('tier', 'Exists')] }, pod, true],
    ['Exists: key present with an empty value', { matchExpressions: [req('empty', 'Exists')] }, pod, true],
    ['Exists: key missing', { matchExpressions: [req('env', 'Exists')] }, pod, false],
    ['Exists: with values matches nothing', { matchExpressions: [req('tier', 'Exists', ['frontend'])] }, pod, false],
    ['Exists: with an empty values list is fine', { matchExpressions: [req('tier', 'Exists', [])] }, pod, true],

    ['DoesNotExist: key missing', { matchExpressions: [req('env', 'DoesNotExist')] }, pod, true],
    ['DoesNotExist: key present', { matchExpressions: [req('tier', 'DoesNotExist')] }, pod, false],
    ['DoesNotExist: key present with an empty value', { matchExpressions: [req('empty', 'DoesNotExist')] }, pod, false],
    [
      'DoesNotExist: with values matches nothing',
      { matchExpressions: [req('env', 'DoesNotExist', ['x'])] },
      pod,
      false,
    ],

    ['unknown operator matches nothing', { matchExpressions: [req('tier', 'Equals', ['frontend'])] }, pod, false],
    ['operators are case-sensitive', { matchExpressions: [req('tier', 'in', ['frontend'])] }, pod, false],
    ['unknown operator on a missing key matches nothing', { matchExpressions: [req('env', 'NotExists')] }, pod, false],

    [
      'matchLabels and matchExpressions both hold',
      { matchLabels: { app: 'web' }, matchExpressions: [req('tier', 'In', ['frontend'])] },
      pod,
      true,
    ],
    [
      'matchLabels holds, an expression does not',
      { matchLabels: { app: 'web' }, matchExpressions: [req('tier', 'NotIn', ['frontend'])] },
      pod,
      false,
    ],
    [
      'an expression holds, matchLabels does not',
      { matchLabels: { app: 'api' }, matchExpressions: [req('tier', 'Exists')] },
      pod,
      false,
    ],
    [
      'every expression must hold',
      {
        matchExpressions: [
          req('app', 'In', ['web']),
          req('tier', 'Exists'),
          req('env', 'DoesNotExist'),
          req('tier', 'NotIn', ['backend']),
        ],
      },
      pod,
      true,
    ],
    [
      'one failing expression among several',
      { matchExpressions: [req('app', 'In', ['web']), req('tier', 'DoesNotExist')] },
      pod,
      false,
    ],
    [
      'a malformed expression makes the whole selector match nothing',
      { matchLabels: { app: 'web' }, matchExpressions: [req('tier', 'In', [])] },
      pod,
      false,
    ],
  ])('%s', (_name, selector, labels, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });
});

/** A pod source as PodIndex sees it: only category, namespace, order, name, pod and controller labels matter. */
function source(
  name: string,
  namespace: string | null,
  podLabels: Labels,
  order: number,
  extra: Partial<WorkloadModel> = {},
): PodSource {
  const fields = {
    category: 'workload',
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    name,
    namespace,
    podLabels,
    order,
    controllerLabels: {},
    podOrdinals: [],
  };
  return { ...fields, ...extra } as unknown as PodSource;
}

const names = (sources: readonly PodSource[]) => sources.map((s) => s.name);

describe('PodIndex', () => {
  const sources = [
    source('a-web', 'a', { app: 'web', tier: 'frontend' }, 0),
    source('b-web', 'b', { app: 'web', tier: 'frontend' }, 1),
    source('a-api', 'a', { app: 'api', tier: 'backend' }, 2),
    source('a-web2', 'a', { app: 'web' }, 3),
    source('b-api', 'b', { app: 'api' }, 4),
    source('a-web3', 'a', { app: 'web', tier: 'frontend', track: 'canary' }, 5),
  ];
  const index = new PodIndex(sources);

  it('selectMap returns matches of the given namespace only, in apply order', () => {
    expect(names(index.selectMap('a', { app: 'web' }))).toEqual(['a-web', 'a-web2', 'a-web3']);
    expect(names(index.selectMap('b', { app: 'web' }))).toEqual(['b-web']);
    expect(names(index.selectMap('a', { tier: 'frontend', app: 'web' }))).toEqual(['a-web', 'a-web3']);
    expect(names(index.selectMap('a', { app: 'web', track: 'canary' }))).toEqual(['a-web3']);
  });

  it('selectMap finds nothing for an empty or null selector, an unknown namespace or an unknown pair', () => {
    expect(index.selectMap('a', {})).toEqual([]);
    expect(index.selectMap('a', null)).toEqual([]);
    expect(index.selectMap('c', { app: 'web' })).toEqual([]);
    expect(index.selectMap('a', { app: 'web', env: 'prod' })).toEqual([]);
    expect(index.selectMap('a', { app: 'WEB' })).toEqual([]);
  });

  it('selectLabelSelector returns matches of the given namespace only, in apply order', () => {
    expect(names(index.selectLabelSelector('a', {}))).toEqual(['a-web', 'a-api', 'a-web2', 'a-web3']);
    expect(names(index.selectLabelSelector('b', {}))).toEqual(['b-web', 'b-api']);
    expect(names(index.selectLabelSelector('a', { matchExpressions: [req('tier', 'NotIn', ['backend'])] }))).toEqual([
      'a-web',
      'a-web2',
      'a-web3',
    ]);
    expect(names(index.selectLabelSelector('a', { matchExpressions: [req('tier', 'DoesNotExist')] }))).toEqual([
      'a-web2',
    ]);
    expect(names(index.selectLabelSelector('b', { matchExpressions: [req('tier', 'Exists')] }))).toEqual(['b-web']);
    expect(
      names(
        index.selectLabelSelector('a', {
          matchLabels: { app: 'web' },
          matchExpressions: [req('track', 'In', ['canary', 'stable'])],
        }),
      ),
    ).toEqual(['a-web3']);
  });

  it('selectLabelSelector finds nothing for a null selector, an unknown namespace or a malformed requirement', () => {
    expect(index.selectLabelSelector('a', null)).toEqual([]);
    expect(index.selectLabelSelector('c', {})).toEqual([]);
    expect(index.selectLabelSelector('a', { matchExpressions: [req('app', 'In', [])] })).toEqual([]);
    expect(index.selectLabelSelector('a', { matchExpressions: [req('app', 'Exists', ['web'])] })).toEqual([]);
    expect(index.selectLabelSelector('a', { matchExpressions: [req('app', 'Matches', ['web'])] })).toEqual([]);
  });

  it('lists namespaces sorted, sources per namespace in apply order, and sources by key', () => {
    expect(index.namespaces()).toEqual(['a', 'b']);
    expect(names(index.inNamespace('a'))).toEqual(['a-web', 'a-api', 'a-web2', 'a-web3']);
    expect(index.inNamespace('nope')).toEqual([]);
    expect(names(index.withKey('a', 'tier'))).toEqual(['a-web', 'a-api', 'a-web3']);
    expect(names(index.withKey('b', 'track'))).toEqual([]);
  });

  it('indexes the pods of a real model by their own namespace', () => {
    const deployment = (name: string, namespace: string | null) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
`;
    const result = lint(
      {
        'a.yaml': deployment('in-shop', 'shop'),
        'b.yaml': deployment('in-default', null) + '---\n' + deployment('in-shop-2', 'shop'),
      },
      { defaultNamespace: 'default' },
    );
    const { podIndex } = result.model;
    expect(podIndex.namespaces()).toEqual(['default', 'shop']);
    expect(names(podIndex.selectMap('shop', { app: 'web' }))).toEqual(['in-shop', 'in-shop-2']);
    expect(names(podIndex.selectMap('default', { app: 'web' }))).toEqual(['in-default']);
    expect(names(podIndex.selectLabelSelector('shop', { matchLabels: { app: 'web' } }))).toEqual([
      'in-shop',
      'in-shop-2',
    ]);
  });
});

describe('PodIndex with controller labels', () => {
  // StatefulSet/db (3 replicas from ordinal 1) gets pod-name db-<n>; Deployment/api an unknown pod-template-hash.
  const db = source('db', 'a', { app: 'db' }, 0, {
    kind: 'StatefulSet',
    replicas: 3,
    controllerLabels: {
      'statefulset.kubernetes.io/pod-name': { kind: 'ordinal', prefix: 'db-', axis: 0 },
      'controller-revision-hash': { kind: 'unknown' },
    },
    podOrdinals: [{ first: 1, count: 3, scalable: true }],
  });
  const api = source('api', 'a', { app: 'api', 'pod-template-hash': 'from-template' }, 1, {
    replicas: 2,
    controllerLabels: { 'pod-template-hash': { kind: 'unknown' } },
  });
  const migrate = source('migrate', 'a', { app: 'api' }, 2, {
    kind: 'Job',
    controllerLabels: { 'job-name': { kind: 'fixed', value: 'migrate' } },
  });
  const index = new PodIndex([db, api, migrate]);

  it('selects a known controller value, an ordinal a pod can have, and any value of an unknown label, in apply order', () => {
    expect(names(index.selectMap('a', { 'job-name': 'migrate' }))).toEqual(['migrate']);
    expect(names(index.selectMap('a', { 'statefulset.kubernetes.io/pod-name': 'db-1' }))).toEqual(['db']);
    expect(names(index.selectMap('a', { 'statefulset.kubernetes.io/pod-name': 'db-7', app: 'db' }))).toEqual(['db']);
    expect(names(index.selectMap('a', { 'pod-template-hash': '5d4f8c' }))).toEqual(['api']);
    expect(names(index.selectMap('a', { 'controller-revision-hash': 'db-6b9', app: 'db' }))).toEqual(['db']);
    expect(names(index.selectMap('a', { app: 'api' }))).toEqual(['api', 'migrate']);
  });

  it('does not select values no pod can have, and the controller wins over the template', () => {
    expect(index.selectMap('a', { 'job-name': 'other' })).toEqual([]);
    expect(index.selectMap('a', { 'statefulset.kubernetes.io/pod-name': 'db-0' })).toEqual([]);
    expect(index.selectMap('a', { 'statefulset.kubernetes.io/pod-name': 'web-1' })).toEqual([]);
    expect(index.selectMap('a', { 'statefulset.kubernetes.io/pod-name': 'db-01' })).toEqual([]);
    expect(index.selectMap('a', { 'controller-revision-hash': 'x', app: 'api' })).toEqual([]);
    expect(index.selectMap('b', { 'pod-template-hash': '5d4f8c' })).toEqual([]);
    expect(names(index.withKey('a', 'controller-revision-hash'))).toEqual(['db']);
  });

  it('counts the pods a controller-label selector selects', () => {
    expect(selectedReplicas({ 'statefulset.kubernetes.io/pod-name': 'db-3' }, db)).toBe(1);
    // db-4 exists only once the StatefulSet is scaled beyond its declared 3 replicas.
    expect(selectedReplicas({ 'statefulset.kubernetes.io/pod-name': 'db-4' }, db)).toBe(0);
    expect(selectedReplicas({ app: 'db' }, db)).toBe(3);
    expect(selectedReplicas({ 'pod-template-hash': 'abc' }, api)).toBe(2);
    expect(selectedReplicas({ app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }, db)).toBeNull();
  });

  it('judges LabelSelectors by what a pod may carry', () => {
    expect(
      names(index.selectLabelSelector('a', { matchExpressions: [req('pod-template-hash', 'In', ['x'])] })),
    ).toEqual(['api']);
    expect(
      names(
        index.selectLabelSelector('a', {
          matchExpressions: [req('statefulset.kubernetes.io/pod-name', 'In', ['db-0', 'db-2'])],
        }),
      ),
    ).toEqual(['db']);
    expect(
      names(index.selectLabelSelector('a', { matchExpressions: [req('job-name', 'NotIn', ['migrate'])] })),
    ).toEqual(['db', 'api']);
    expect(
      names(index.selectLabelSelector('a', { matchExpressions: [req('controller-revision-hash', 'DoesNotExist')] })),
    ).toEqual(['api', 'migrate']);
    expect(names(index.selectLabelSelector('a', { matchLabels: { 'job-name': 'migrate' } }))).toEqual(['migrate']);
  });
});

// --- Agreement with a brute-force filter, on generated label sets -------------------------------------------

/** Kubernetes' rules written out independently of src/, as the reference. */
function referenceMap(selector: Labels | null, labels: Labels): boolean {
  if (selector === null) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
}

function referenceLabelSelector(selector: LabelSelector | null, labels: Labels): boolean {
  if (selector === null) return false;
  const has = (k: string) => Object.hasOwn(labels, k);
  const labelsOk = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => has(k) && labels[k] === v);
  const expressionsOk = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.length > 0 && has(key) && values.includes(labels[key]!);
    if (operator === 'NotIn') return values.length > 0 && (!has(key) || !values.includes(labels[key]!));
    if (operator === 'Exists') return values.length === 0 && has(key);
    if (operator === 'DoesNotExist') return values.length === 0 && !has(key);
    return false;
  });
  return labelsOk && expressionsOk;
}

describe('PodIndex agrees with a brute-force filter on generated label sets', () => {
  const random = seededRandom(20240607);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const KEYS = ['app', 'tier', 'env', 'team', 'app.kubernetes.io/name'];
  const VALUES = ['web', 'api', 'db', 'Web', ''];
  const NAMESPACES = ['default', 'shop', 'kube-system'];
  const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'];

  const randomLabels = (max: number): Labels => {
    const labels: Labels = {};
    const count = Math.floor(random() * (max + 1));
    for (let i = 0; i < count; i++) labels[pick(KEYS)] = pick(VALUES);
    return labels;
  };
  const randomValues = (): string[] => Array.from({ length: Math.floor(random() * 3) }, () => pick(VALUES));
  const randomLabelSelector = (): LabelSelector | null => {
    if (random() < 0.05) return null;
    const selector: LabelSelector = {};
    if (random() < 0.6) selector.matchLabels = randomLabels(2);
    if (random() < 0.7) {
      selector.matchExpressions = Array.from({ length: Math.floor(random() * 3) }, () => {
        const operator = pick(OPERATORS);
        // Mostly well-formed requirements; sometimes values where none belong, or none where some must be.
        const needsValues = operator === 'In' || operator === 'NotIn';
        const values =
          random() < 0.85 ? (needsValues ? [pick(VALUES), ...randomValues()] : []) : needsValues ? [] : [pick(VALUES)];
        return { key: pick(KEYS), operator, values };
      });
    }
    return selector;
  };

  const sources = Array.from({ length: 300 }, (_, i) => source(`s${i}`, pick(NAMESPACES), randomLabels(4), i));
  const index = new PodIndex(sources);
  const bruteForce = (namespace: string, matches: (labels: Labels) => boolean) =>
    names(sources.filter((s) => s.namespace === namespace && matches(s.podLabels)));

  it('selectMap', () => {
    let nonEmpty = 0;
    for (let i = 0; i < 500; i++) {
      const namespace = pick(NAMESPACES);
      const selector = random() < 0.05 ? null : randomLabels(3);
      const expected = bruteForce(namespace, (labels) => referenceMap(selector, labels));
      expect(names(index.selectMap(namespace, selector)), JSON.stringify({ namespace, selector })).toEqual(expected);
      expect(
        names(sources.filter((s) => matchesMapSelector(selector, s.podLabels) !== referenceMap(selector, s.podLabels))),
      ).toEqual([]);
      if (expected.length > 0) nonEmpty++;
    }
    // The generated cases exercise both outcomes.
    expect(nonEmpty).toBeGreaterThan(50);
    expect(nonEmpty).toBeLessThan(450);
  });

  it('selectLabelSelector', () => {
    let nonEmpty = 0;
    let partial = 0;
    for (let i = 0; i < 500; i++) {
      const namespace = pick(NAMESPACES);
      const selector = randomLabelSelector();
      const expected = bruteForce(namespace, (labels) => referenceLabelSelector(selector, labels));
      expect(names(index.selectLabelSelector(namespace, selector)), JSON.stringify({ namespace, selector })).toEqual(
        expected,
      );
      expect(
        names(
          sources.filter(
            (s) => matchesLabelSelector(selector, s.podLabels) !== referenceLabelSelector(selector, s.podLabels),
          ),
        ),
      ).toEqual([]);
      if (expected.length > 0) nonEmpty++;
      if (expected.length > 0 && expected.length < index.inNamespace(namespace).length) partial++;
    }
    expect(nonEmpty).toBeGreaterThan(50);
    expect(partial).toBeGreaterThan(50);
  });
});
