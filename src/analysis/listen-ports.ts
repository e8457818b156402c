// Where a container says what it listens on: the port numbers written in its command, args and env (env[] values
// and the ConfigMap keys envFrom brings in), as evidence that a port no container declares is served all the same.
import type { ContainerModel, WorkloadModel } from '../model/types.js';
import { scanHosts } from './dns.js';
import type { ConfigMapData } from './env.js';

export interface PortMention {
  container: ContainerModel;
  /** `args[0]`, `command[2]`, `env PORT`, `envFrom ConfigMap settings key PORT`. */
  where: string;
  /** The value the number is written in. */
  value: string;
}

/** A port number on its own: not part of a word, a version (1.8080.2) or an IP address. */
const NUMBER = /(?<![\w.])\d{1,5}(?![\w]|\.\d)/g;

/**
 * The first mention of each port number in the containers that serve traffic (containers and sidecar init
 * containers, in that order). Every env value is searched, so `--port=$(PORT)` is covered by PORT's own value.
 * A port written after a host name (`http://api:80`, `db.shop:5432`) is where the container connects, not where
 * it listens, and is left out; `:8443`, `0.0.0.0:4317` and `localhost:8080` are kept.
 */
export function mentionedPorts(workload: WorkloadModel, configMaps: ConfigMapData): ReadonlyMap<number, PortMention> {
  const mentions = new Map<number, PortMention>();
  const namespace = workload.namespace ?? '';
  for (const container of servingContainers(workload)) {
    const add = (where: string, value: string) => {
      for (const port of portsIn(value)) if (!mentions.has(port)) mentions.set(port, { container, where, value });
    };
    container.command.forEach((value, i) => add(`command[${i}]`, value.value));
    container.args.forEach((value, i) => add(`args[${i}]`, value.value));
    for (const env of container.env) if (env.value) add(`env ${env.name}`, env.value.value);
    for (const source of container.envFrom) {
      const data = source.source === 'configMap' && source.name !== null ? configMaps(namespace, source.name) : null;
      for (const [key, value] of data ?? []) add(`envFrom ConfigMap ${source.name} key ${key}`, value);
    }
  }
  return mentions;
}

function servingContainers(workload: WorkloadModel): ContainerModel[] {
  const serving = workload.containers.filter((c) => c.role === 'container');
  return [...serving, ...workload.containers.filter((c) => c.role === 'sidecar')];
}

/** The port numbers (1-65535) written in a value, except those of a host other than localhost. */
function portsIn(value: string): number[] {
  if (!/\d/.test(value)) return [];
  const remote = new Set<number>();
  for (const reference of scanHosts(value)) {
    if (reference.port !== null && reference.host.toLowerCase() !== 'localhost') remote.add(reference.end + 1);
  }
  const ports: number[] = [];
  for (const match of value.matchAll(NUMBER)) {
    const port = Number(match[0]);
    if (port >= 1 && port <= 65535 && !remote.has(match.index)) ports.push(port);
  }
  return ports;
}
