// Short human names for objects, used in messages.
import { positionAt } from '../position/positions.js';
import { rangeStart } from '../position/range.js';
import { listing } from '../strings.js';
import type { ContainerPortModel, ManifestObject, ObjectBase, SourceFile } from './types.js';

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

/**
 * The names of several objects for one message: "Deployment/web", and where two share a kind and name (two
 * definitions in different files, or namespaces), each with the file and line of its name, so that "ReplicaSet/frontend
 * (a.yaml:12) and ReplicaSet/frontend (b.yaml:40)" says which is which.
 */
export function objectNames(
  objects: readonly Pick<ObjectBase, 'kind' | 'name' | 'fileId' | 'nameRange'>[],
  files: readonly SourceFile[],
): string[] {
  const names = objects.map(kindName);
  const count = new Map<string, number>();
  for (const name of names) count.set(name, (count.get(name) ?? 0) + 1);
  return objects.map((object, i) => {
    if (count.get(names[i]!)! < 2) return names[i]!;
    const file = files[object.fileId];
    return file ? `${names[i]} (${file.path}:${positionAt(file, rangeStart(object.nameRange)).line})` : names[i]!;
  });
}

/** Each item once, a repeated one counted: ["80 (twice)", "443"], so that a list never reads "80 and 80". */
export function counted(items: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const item of items) count.set(item, (count.get(item) ?? 0) + 1);
  return [...count].map(([item, n]) => (n === 1 ? item : `${item} (${n === 2 ? 'twice' : `${n} times`})`));
}

/** Service port numbers for a message: "53 (TCP and UDP) and 80", so that one number with two protocols is not "53 and 53". */
export function describePortNumbers(ports: readonly { port: number; protocol: string }[]): string {
  const protocols = new Map<number, string[]>();
  for (const { port, protocol } of ports) protocols.set(port, [...(protocols.get(port) ?? []), protocol]);
  return listing(
    [...protocols].map(([port, list]) =>
      list.length === 1
        ? String(port)
        : new Set(list).size === list.length
          ? `${port} (${listing(list)})`
          : `${port} (${list.length === 2 ? 'twice' : `${list.length} times`})`,
    ),
  );
}
