// Everything computed once from the model and shared by the rules.
import type { Model } from '../model/build.js';
import type { ServiceModel } from '../model/types.js';
import { predictEndpoints, type ServiceEndpoints } from './endpoints.js';

export interface Analysis {
  endpoints: ServiceEndpoints[];
  endpointsOf(service: ServiceModel): ServiceEndpoints;
}

export function analyse(model: Model): Analysis {
  const endpoints = predictEndpoints(model);
  const byService = new Map(endpoints.map((e) => [e.service, e]));
  return { endpoints, endpointsOf: (service) => byService.get(service)! };
}
