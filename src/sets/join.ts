// The sets' reports as one: each finding once, and one analysis for the reports that read it.
import { analyse, type Analysis } from '../analysis/analysis.js';
import type { ServiceEndpoints } from '../analysis/endpoints.js';
import type { Finding } from '../lint.js';
import type { Model } from '../model/build.js';
import type { ServiceModel, WorkloadModel } from '../model/types.js';
import { DEFAULT_SETTINGS } from '../settings.js';

/** One finding per position, rule and message: a file in several sets gets the same finding from each. */
export function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.line}\0${f.column}\0${f.endLine}\0${f.endColumn}\0${f.ruleId}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The sets' analyses as one, for reports: each Service's endpoints as its own set predicted them, labelled with the set. */
export function joinAnalyses(
  analyses: readonly Analysis[],
  labels: readonly string[],
  model: Model,
  models: readonly Model[] = [],
): Analysis {
  const keyOf = (service: ServiceModel) => `${service.namespace}/${service.name}`;
  const endpoints: ServiceEndpoints[] = [];
  const owner = new Map<ServiceModel, Analysis>();
  const byName = new Map<string, ServiceModel>();
  const workloadOwner = new Map<WorkloadModel, Analysis>();
  for (const [i, analysis] of analyses.entries()) {
    for (const entry of analysis.endpoints) {
      for (const workload of entry.workloads) if (!workloadOwner.has(workload)) workloadOwner.set(workload, analysis);
      if (owner.has(entry.service)) continue;
      owner.set(entry.service, analysis);
      endpoints.push({ ...entry, set: labels[i] });
      if (!byName.has(keyOf(entry.service))) byName.set(keyOf(entry.service), entry.service);
    }
  }
  let whole: Analysis | null = null;
  const wholeInput = () => (whole ??= analyse(model, DEFAULT_SETTINGS));
  /**
   * The analysed Service and the analysis that predicted it: the Service itself, else its copy of the same name (a
   * rendered set analysed a copy of its source file's Service), else the input analysed whole.
   */
  const resolve = (service: ServiceModel): { service: ServiceModel; analysis: Analysis } => {
    const analysed = owner.has(service) ? service : byName.get(keyOf(service));
    return analysed ? { service: analysed, analysis: owner.get(analysed)! } : { service, analysis: wholeInput() };
  };
  return {
    endpoints,
    endpointsOf: (service) => {
      const r = resolve(service);
      return r.analysis.endpointsOf(r.service);
    },
    findService: (namespace, name) => byName.get(`${namespace}/${name}`) ?? null,
    dnsNamesOf: (service) => {
      const r = resolve(service);
      return r.analysis.dnsNamesOf(r.service);
    },
    environmentOf: (service) => resolve(service).analysis.environmentOf(service),
    // Reports read no ConfigMaps; whoever does gets the input's, indexed on first use.
    get configMaps() {
      return wholeInput().configMaps;
    },
    containerEnvironment: (container, namespace) => wholeInput().containerEnvironment(container, namespace),
    // Each set's policies, calls and pods are its own: reports that judge connections go through `sets`.
    get network() {
      return wholeInput().network;
    },
    ...(models.length === analyses.length && {
      sets: analyses.map((analysis, i) => ({ model: models[i]!, analysis })),
    }),
    get calls() {
      return wholeInput().calls;
    },
    get policies() {
      return wholeInput().policies;
    },
    // A workload of an endpoint map is the one its set analysed: that set knows what scales and protects it.
    policiesOf: (workload) => (workloadOwner.get(workload) ?? wholeInput()).policiesOf(workload),
    get configObjects() {
      return wholeInput().configObjects;
    },
    get monitors() {
      return wholeInput().monitors;
    },
    monitorsOf: (service) => {
      const r = resolve(service);
      return r.analysis.monitorsOf(r.service);
    },
  };
}
