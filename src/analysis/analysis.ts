// Everything computed once from the model and shared by the rules.
import type { Model } from '../model/build.js';
import type { ServiceModel } from '../model/types.js';
import { predictEndpoints, type ServiceEndpoints } from './endpoints.js';

export interface Analysis {
  endpoints: ServiceEndpoints[];
  endpointsOf(service: ServiceModel): ServiceEndpoints;
  /** The first Service (in apply order) with this namespace and name, or null. */
  findService(namespace: string, name: string): ServiceModel | null;
}

export function analyse(model: Model): Analysis {
  const endpoints = predictEndpoints(model);
  const byService = new Map(endpoints.map((e) => [e.service, e]));
  const byName = new Map<string, ServiceModel>();
  for (const service of model.services) {
    const key = `${service.namespace}/${service.name}`;
    if (!byName.has(key)) byName.set(key, service);
  }
  return {
    endpoints,
    endpointsOf: (service) => byService.get(service)!,
    findService: (namespace, name) => byName.get(`${namespace}/${name}`) ?? null,
  };
}
