// Everything computed once from the model and shared by the rules.
import type { Model } from '../model/build.js';
import type { ContainerModel, MonitorModel, ServiceModel, WorkloadModel } from '../model/types.js';
import { predictEndpoints, type ServiceEndpoints } from './endpoints.js';
import { dnsNamesOf, type DnsName } from './dns.js';
import {
  containerEnvironment,
  serviceLinkVariables,
  type ConfigMapData,
  type ContainerEnvironment,
  type ServiceLinkVariable,
} from './env.js';
import { indexModelConfigObjects, type ConfigObjects } from './config-objects.js';
import { analyseMonitors, type MonitorTargets } from './monitors.js';
import { resolvePolicies, type Policies, type WorkloadPolicies } from './policies.js';
import { DEFAULT_SETTINGS, type Settings } from '../settings.js';
import { analyseNetworkPolicies, type NetworkAnalysis } from './network-policy.js';
import { knownCalls, type KnownCall } from './calls.js';

/** Per-pod DNS names a report lists for one StatefulSet; the rest are summarised. */
const REPORTED_PODS_PER_STATEFULSET = 100;

export interface Analysis {
  endpoints: ServiceEndpoints[];
  endpointsOf(service: ServiceModel): ServiceEndpoints;
  /** The first Service (in apply order) with this namespace and name, or null. */
  findService(namespace: string, name: string): ServiceModel | null;
  /** The Service's DNS records (A, SRV per named port, StatefulSet pods, CNAME), for reports. */
  dnsNamesOf(service: ServiceModel): DnsName[];
  /** The service-link variables the Service injects into pods of its namespace, for reports. */
  environmentOf(service: ServiceModel): ServiceLinkVariable[];
  /** The ConfigMaps' data by namespace and name, indexed once for every rule that resolves envFrom or valueFrom. */
  readonly configMaps: ConfigMapData;
  /** What envFrom and env[] give a container of a pod in `namespace`, found once for every rule that reads it. */
  containerEnvironment(container: ContainerModel, namespace: string): ContainerEnvironment;
  /** NetworkPolicies: which pods they isolate and what they admit; computed on first use. */
  readonly network: NetworkAnalysis;
  /** The calls the input shows (DNS names in values, Service link variables), in file order; computed on first use. */
  readonly calls: readonly KnownCall[];
  /** When the input holds several deployable sets: each set's model and analysis (a connection is judged within one). */
  readonly sets?: readonly { model: Model; analysis: Analysis }[];
  /** HorizontalPodAutoscalers and PodDisruptionBudgets resolved to what they scale and protect, on first use. */
  readonly policies: Policies;
  /** What scales the workload and what protects it, for reports. */
  policiesOf(workload: WorkloadModel): WorkloadPolicies;
  /** The ConfigMaps and Secrets by namespace and name with the keys they offer (the same index as configMaps). */
  readonly configObjects: ConfigObjects;
  /** What each ServiceMonitor and PodMonitor selects. */
  readonly monitors: readonly MonitorTargets[];
  /** The ServiceMonitors that scrape the Service, in apply order. */
  monitorsOf(service: ServiceModel): readonly MonitorModel[];
}

export function analyse(model: Model, settings: Settings = DEFAULT_SETTINGS): Analysis {
  const endpoints = predictEndpoints(model);
  const byService = new Map(endpoints.map((e) => [e.service, e]));
  const byName = new Map<string, ServiceModel>();
  for (const service of model.services) {
    const key = `${service.namespace}/${service.name}`;
    if (!byName.has(key)) byName.set(key, service);
  }
  let policies: Policies | undefined;
  const configObjects = indexModelConfigObjects(model);
  const monitors = analyseMonitors(model);
  let network: NetworkAnalysis | undefined;
  let calls: KnownCall[] | undefined;
  const environments = new WeakMap<ContainerModel, { namespace: string; env: ContainerEnvironment }>();
  const analysis: Analysis = {
    endpoints,
    endpointsOf: (service) => byService.get(service)!,
    findService: (namespace, name) => byName.get(`${namespace}/${name}`) ?? null,
    dnsNamesOf: (service) =>
      dnsNamesOf(service, byService.get(service) ?? null, settings.clusterDomain, REPORTED_PODS_PER_STATEFULSET),
    environmentOf: (service) => serviceLinkVariables(service),
    get network() {
      return (network ??= analyseNetworkPolicies(model));
    },
    get calls() {
      return (calls ??= knownCalls(model, analysis, settings.clusterDomain));
    },
    configMaps: configObjects.configMapData,
    containerEnvironment(container, namespace) {
      const known = environments.get(container);
      if (known?.namespace === namespace) return known.env;
      const env = containerEnvironment(container, namespace, configObjects.configMapData);
      environments.set(container, { namespace, env });
      return env;
    },
    configObjects,
    monitors: monitors.targets,
    monitorsOf: monitors.monitorsOf,
    get policies() {
      return (policies ??= resolvePolicies(model));
    },
    policiesOf(workload) {
      return this.policies.of(workload);
    },
  };
  return analysis;
}
