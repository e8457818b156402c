// Short human names for objects, used in messages.
import type { ContainerPortModel, ManifestObject } from './types.js';

/** "Deployment/web" */
export function kindName(object: Pick<ManifestObject, 'kind' | 'name'>): string {
  return `${object.kind}/${object.name}`;
}

/** "default/web" for namespaced objects, "web" otherwise. */
export function qualifiedName(object: Pick<ManifestObject, 'namespace' | 'name'>): string {
  return object.namespace ? `${object.namespace}/${object.name}` : object.name;
}

/** "http:8080/TCP" or "8080/TCP"; a quoted number stays quoted ("8080"/TCP), as it is not a port number. */
export function describeContainerPort(port: ContainerPortModel): string {
  const number = typeof port.containerPort === 'string' ? `"${port.containerPort}"` : port.containerPort;
  return `${port.name ? `${port.name}:` : ''}${number}/${port.protocol}`;
}
