// What scales and what protects workloads: HorizontalPodAutoscalers and PodDisruptionBudgets.
import { isMap, type YAMLMap } from 'yaml';
import { NodeReader, nonEmpty } from './nodes.js';
import { rangeOf } from '../position/range.js';
import { labelSelector } from './extract-workload.js';
import type {
  AutoscalerMetricModel,
  AutoscalerModel,
  DisruptionBudgetModel,
  ObjectBase,
  SchemaProblem,
} from './types.js';

/** The HorizontalPodAutoscaler versions svclint models: v2 (metrics) and v1 (targetCPUUtilizationPercentage). */
export function isAutoscaler(apiVersion: string, kind: string): boolean {
  return kind === 'HorizontalPodAutoscaler' && (apiVersion === 'autoscaling/v2' || apiVersion === 'autoscaling/v1');
}

export function isDisruptionBudget(apiVersion: string, kind: string): boolean {
  return kind === 'PodDisruptionBudget' && apiVersion === 'policy/v1';
}

/**
 * A CPU utilization metric: v1's targetCPUUtilizationPercentage, or the default of both versions, whose docs say that
 * with no metric (v2) or no target (v1) the autoscaler targets 80% average CPU utilization.
 */
function cpuUtilization(
  path: string,
  range: AutoscalerMetricModel['range'],
  defaulted: boolean,
): AutoscalerMetricModel {
  return {
    type: 'Resource',
    resource: 'cpu',
    container: null,
    targetType: 'Utilization',
    path,
    range,
    containerRange: null,
    ...(defaulted && { defaulted: true }),
  };
}

export function extractAutoscaler(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): AutoscalerModel {
  const ref = r.map(spec, 'scaleTargetRef');
  const specRange = r.keyRange(spec, 'scaleTargetRef') ?? base.nameRange;
  const min = r.scalar(spec, 'minReplicas');
  const max = r.scalar(spec, 'maxReplicas');
  const resourceMetrics: AutoscalerMetricModel[] = [];
  if (base.apiVersion === 'autoscaling/v1') {
    const range = r.keyRange(spec, 'targetCPUUtilizationPercentage');
    resourceMetrics.push(
      range
        ? cpuUtilization('spec.targetCPUUtilizationPercentage', range, false)
        : cpuUtilization('spec', specRange, true),
    );
  } else {
    const metrics = r.seq(spec, 'metrics');
    if (!metrics || metrics.items.length === 0) resourceMetrics.push(cpuUtilization('spec', specRange, true));
    r.items(metrics).forEach((node, i) => {
      if (!isMap(node)) return;
      const type = r.string(node, 'type');
      if (type !== 'Resource' && type !== 'ContainerResource') return;
      const source = r.map(node, type === 'Resource' ? 'resource' : 'containerResource');
      const resource = r.string(source, 'name');
      if (!source || !resource) return;
      const path = `spec.metrics[${i}]`;
      resourceMetrics.push({
        type,
        resource,
        container: type === 'ContainerResource' ? nonEmpty(r.string(source, 'container')) : null,
        targetType: r.string(r.map(source, 'target'), 'type'),
        path,
        range: r.keyRange(source, 'name') ?? rangeOf(node)!,
        containerRange: type === 'ContainerResource' ? r.keyRange(source, 'container') : null,
      });
    });
  }
  return {
    ...base,
    category: 'autoscaler',
    target: {
      apiVersion: r.string(ref, 'apiVersion'),
      kind: nonEmpty(r.string(ref, 'kind')),
      name: nonEmpty(r.string(ref, 'name')),
    },
    targetRange: specRange,
    targetNameRange: r.keyRange(ref, 'name'),
    targetKindRange: r.keyRange(ref, 'kind'),
    minReplicas: typeof min === 'number' && Number.isInteger(min) && min >= 0 ? min : 1,
    maxReplicas: typeof max === 'number' && Number.isInteger(max) ? max : null,
    resourceMetrics,
  };
}

export function extractDisruptionBudget(base: ObjectBase, spec: YAMLMap | null, r: NodeReader): DisruptionBudgetModel {
  const selector = r.value(spec, 'selector');
  return {
    ...base,
    category: 'disruption-budget',
    selector: isMap(selector) ? labelSelector(selector, r) : null,
    selectorRange: r.keyRange(spec, 'selector'),
    minAvailable: r.intOrString(spec, 'minAvailable'),
    minAvailableRange: r.keyRange(spec, 'minAvailable'),
    maxUnavailable: r.intOrString(spec, 'maxUnavailable'),
    maxUnavailableRange: r.keyRange(spec, 'maxUnavailable'),
  };
}

/**
 * ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation): "minAvailable and maxUnavailable cannot be both set";
 * each is a non-negative integer or a percentage (ValidatePositiveIntOrPercent: "must be an integer or percentage (e.g
 * '5%')") of at most 100% (IsNotMoreThan100Percent).
 */
export function disruptionBudgetProblems(budget: DisruptionBudgetModel): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const check = (key: 'minAvailable' | 'maxUnavailable') => {
    const value = budget[key];
    const range = budget[`${key}Range`];
    if (value === null || range === null) return;
    const path = `spec.${key}`;
    const percent = typeof value === 'string' ? parsePercent(value) : null;
    if (typeof value === 'string' && percent === null)
      problems.push({ range, path, message: `${path} "${value}" must be an integer or a percentage (e.g. "5%")` });
    else if (typeof value === 'number' && value < 0)
      problems.push({ range, path, message: `${path} ${value} must be at least 0` });
    else if (percent !== null && percent > 100)
      problems.push({ range, path, message: `${path} "${value}" must not be more than 100%` });
  };
  check('minAvailable');
  check('maxUnavailable');
  if (
    budget.minAvailableRange &&
    budget.maxUnavailableRange &&
    budget.minAvailable !== null &&
    budget.maxUnavailable !== null
  ) {
    problems.push({
      range: budget.maxUnavailableRange,
      path: 'spec.maxUnavailable',
      message: 'sets both minAvailable and maxUnavailable, which cannot be both set',
    });
  }
  return problems;
}

/** "25%" as 25 (validation.IsValidPercent: digits and a percent sign); null when it is not a percentage. */
export function parsePercent(value: string): number | null {
  return /^[0-9]+%$/.test(value) ? Number(value.slice(0, -1)) : null;
}
