// Container environments as the kubelet builds them: `$(VAR)` expansion (third_party/forked/golang/expansion),
// the variables each Service injects (pkg/kubelet/envvars) and what a container defines itself
// (kubelet makeEnvironmentVariables). Pure functions shared by the env rules and the service report.
import type { ContainerModel, ManifestObject, ServiceModel, TextValue } from '../model/types.js';
import { indexConfigObjects } from './config-objects.js';
import { isHeadless } from './endpoints.js';

// ---------------------------------------------------------------------------------------------------------------
// Service link variables (envvars.FromServices)

/** envvars.makeEnvVariableName: uppercase, '.' and '-' become '_', a leading digit gets a '_' in front. */
export function makeEnvVariableName(name: string): string {
  const upper = name.replace(/[.-]/g, '_').toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

/**
 * IsServiceIPSet for a manifest: every Service gets a cluster IP except ExternalName ones and headless ones
 * (clusterIP, or when that is unset clusterIPs[0], is "None").
 */
export function hasClusterIP(service: ServiceModel): boolean {
  return service.type !== 'ExternalName' && !isHeadless(service);
}

export interface ServiceLinkVariable {
  name: string;
  /** The value, with "<cluster IP>" where the IP is allocated by the cluster. */
  value: string;
}

/**
 * The variables a Service injects into pods of its namespace (envvars.FromServices and makeLinkVariables):
 * <N>_SERVICE_HOST, <N>_SERVICE_PORT, <N>_SERVICE_PORT_<PORT NAME> per named port, and the Docker link variables
 * <N>_PORT and <N>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]. None without a cluster IP (headless, ExternalName).
 */
export function serviceLinkVariables(service: ServiceModel): ServiceLinkVariable[] {
  const first = service.ports[0];
  if (!hasClusterIP(service) || !first) return [];
  const prefix = makeEnvVariableName(service.name);
  const ip = service.clusterIP || '<cluster IP>';
  const variables: ServiceLinkVariable[] = [
    { name: `${prefix}_SERVICE_HOST`, value: ip },
    { name: `${prefix}_SERVICE_PORT`, value: String(first.port) },
  ];
  for (const port of service.ports) {
    if (port.name)
      variables.push({ name: `${prefix}_SERVICE_PORT_${makeEnvVariableName(port.name)}`, value: String(port.port) });
  }
  service.ports.forEach((port, i) => {
    const protocol = port.protocol.toUpperCase();
    const url = `${protocol.toLowerCase()}://${ip}:${port.port}`;
    // Docker special-cases the first port.
    if (i === 0) variables.push({ name: `${prefix}_PORT`, value: url });
    const portPrefix = `${prefix}_PORT_${port.port}_${protocol}`;
    variables.push(
      { name: portPrefix, value: url },
      { name: `${portPrefix}_PROTO`, value: protocol.toLowerCase() },
      { name: `${portPrefix}_PORT`, value: String(port.port) },
      { name: `${portPrefix}_ADDR`, value: ip },
    );
  });
  return variables;
}

/** Which variable of a Service a name would be, read back from the name alone. */
export interface ServiceLinkReading {
  /** makeEnvVariableName of the Service name, e.g. MY_APP. */
  serviceEnvName: string;
  /** host: _SERVICE_HOST; port: _SERVICE_PORT; named-port: _SERVICE_PORT_<NAME>; link: _PORT; link-port: _PORT_<n>_<PROTO>... */
  form: 'host' | 'port' | 'named-port' | 'link' | 'link-port';
  /** named-port: the port name as it appears in the variable (makeEnvVariableName of the port name). */
  portEnvName?: string;
  /** link-port: the port number and protocol written in the name, and the suffix (none: the tcp://ip:port URL). */
  port?: number;
  protocol?: string;
  suffix?: 'PROTO' | 'PORT' | 'ADDR';
}

/** makeEnvVariableName of a DNS-1035 label (every valid Service name): a letter first, no trailing '_'. */
const SERVICE_ENV_NAME = /^[A-Z]([A-Z0-9_]*[A-Z0-9])?$/;
/** makeEnvVariableName of a DNS-1123 label (a Service port name). */
const PORT_ENV_NAME = /^_?[A-Z0-9]([A-Z0-9_]*[A-Z0-9])?$/;
const LINK_PORT = /^(.+)_PORT_(\d+)_(TCP|UDP|SCTP)(?:_(PROTO|PORT|ADDR))?$/;
const NAMED_PORT_INFIX = '_SERVICE_PORT_';

/**
 * Every way `name` can be a Service link variable, most likely first. A name can have several readings:
 * FOO_SERVICE_PORT is Service foo's _SERVICE_PORT and also Service foo-service's Docker link _PORT. Only names
 * Kubernetes can generate count: the Service part must come from a valid Service name (uppercase, a letter first).
 */
export function serviceLinkReadings(name: string): ServiceLinkReading[] {
  const readings: ServiceLinkReading[] = [];
  const add = (serviceEnvName: string, reading: Omit<ServiceLinkReading, 'serviceEnvName'>) => {
    if (SERVICE_ENV_NAME.test(serviceEnvName)) readings.push({ serviceEnvName, ...reading });
  };
  if (name.endsWith('_SERVICE_HOST')) add(name.slice(0, -'_SERVICE_HOST'.length), { form: 'host' });
  if (name.endsWith('_SERVICE_PORT')) add(name.slice(0, -'_SERVICE_PORT'.length), { form: 'port' });
  for (let at = name.indexOf(NAMED_PORT_INFIX); at > 0; at = name.indexOf(NAMED_PORT_INFIX, at + 1)) {
    const portEnvName = name.slice(at + NAMED_PORT_INFIX.length);
    if (PORT_ENV_NAME.test(portEnvName)) add(name.slice(0, at), { form: 'named-port', portEnvName });
  }
  const link = LINK_PORT.exec(name);
  if (link) {
    const suffix = link[4] as ServiceLinkReading['suffix'];
    add(link[1]!, { form: 'link-port', port: Number(link[2]), protocol: link[3]!, ...(suffix && { suffix }) });
  }
  if (name.endsWith('_PORT')) add(name.slice(0, -'_PORT'.length), { form: 'link' });
  return readings;
}

/** Whether a Service could inject a variable of this name: such names are judged by service-env-order. */
export function isServiceLinkName(name: string): boolean {
  return serviceLinkReadings(name).length > 0;
}

/** The Service link variable names everyone can rely on: the `kubernetes` Service in `default` exists in every cluster. */
export const MASTER_SERVICE_ENV_NAME = 'KUBERNETES';

export interface ServiceLinkIndex {
  /** Services of a namespace whose makeEnvVariableName is `serviceEnvName`, in apply order. */
  servicesIn(namespace: string, serviceEnvName: string): readonly ServiceModel[];
  /** The same in every namespace. */
  servicesAnywhere(serviceEnvName: string): readonly ServiceModel[];
  /** Whether `service` injects a variable of this name. */
  injects(service: ServiceModel, name: string): boolean;
}

/** Indexes Services by namespace and env-var name once, so each reference is resolved in constant time. */
export function indexServiceLinks(services: readonly ServiceModel[]): ServiceLinkIndex {
  const byNamespace = new Map<string, ServiceModel[]>();
  const anywhere = new Map<string, ServiceModel[]>();
  const push = (map: Map<string, ServiceModel[]>, key: string, service: ServiceModel) => {
    const list = map.get(key);
    if (list) list.push(service);
    else map.set(key, [service]);
  };
  for (const service of [...services].sort((a, b) => a.order - b.order)) {
    const envName = makeEnvVariableName(service.name);
    push(byNamespace, `${service.namespace}/${envName}`, service);
    push(anywhere, envName, service);
  }
  const variables = new Map<ServiceModel, Set<string>>();
  return {
    servicesIn: (namespace, envName) => byNamespace.get(`${namespace}/${envName}`) ?? [],
    servicesAnywhere: (envName) => anywhere.get(envName) ?? [],
    injects(service, name) {
      let names = variables.get(service);
      if (!names) variables.set(service, (names = new Set(serviceLinkVariables(service).map((v) => v.name))));
      return names.has(name);
    },
  };
}

/** What a pod sees of the Services: its namespace, when it is applied, and pod spec enableServiceLinks. */
export interface PodServiceView {
  namespace: string;
  order: number;
  serviceLinks: boolean;
}

export type ServiceLinkProblem =
  /** enableServiceLinks: false: only the master Service's variables are injected. */
  | 'links-disabled'
  /** Headless or ExternalName: no cluster IP, no variables. */
  | 'no-cluster-ip'
  /** The Service exists (earlier, with a cluster IP) but has no such port (name or number/protocol). */
  | 'no-such-variable'
  /** The Service comes after the workload in apply order: pods started before it get no variables. */
  | 'declared-later'
  /** Only Services of the pod's own namespace inject variables. */
  | 'other-namespace'
  /** No Service of that name in the input. */
  | 'missing';

export interface ServiceLinkResolution {
  reading: ServiceLinkReading;
  /** The Service the name refers to (or, when there is a problem, the one that explains it); null when unknown. */
  service: ServiceModel | null;
  problem: ServiceLinkProblem | null;
}

/**
 * Resolves a variable name of the Service link form for a pod as getServiceEnvVarMap would: the Services of the
 * pod's namespace with a cluster IP (when enableServiceLinks is not false), plus the master Service `kubernetes`.
 * Null when the name does not have the Service link form. When nothing injects it, explains why with the most
 * telling reading (a Service that exists in the pod's namespace, then in another one, then the first reading).
 */
export function resolveServiceLink(
  index: ServiceLinkIndex,
  name: string,
  pod: PodServiceView,
): ServiceLinkResolution | null {
  const readings = serviceLinkReadings(name);
  if (readings.length === 0) return null;
  const master = readings.find((r) => r.serviceEnvName === MASTER_SERVICE_ENV_NAME);
  if (master) return { reading: master, service: null, problem: null };
  const local = readings.map((reading) => ({
    reading,
    services: index.servicesIn(pod.namespace, reading.serviceEnvName),
  }));
  if (pod.serviceLinks) {
    for (const { reading, services } of local) {
      const service = services.find((s) => s.order < pod.order && hasClusterIP(s) && index.injects(s, name));
      if (service) return { reading, service, problem: null };
    }
  }
  const existing = local.find((l) => l.services.length > 0);
  if (existing) {
    const service = existing.services[0]!;
    return { reading: existing.reading, service, problem: localProblem(index, service, name, pod) };
  }
  for (const reading of readings) {
    const elsewhere = index.servicesAnywhere(reading.serviceEnvName).find((s) => s.namespace !== pod.namespace);
    if (elsewhere)
      return { reading, service: elsewhere, problem: pod.serviceLinks ? 'other-namespace' : 'links-disabled' };
  }
  return { reading: readings[0]!, service: null, problem: pod.serviceLinks ? 'missing' : 'links-disabled' };
}

function localProblem(
  index: ServiceLinkIndex,
  service: ServiceModel,
  name: string,
  pod: PodServiceView,
): ServiceLinkProblem {
  if (!pod.serviceLinks) return 'links-disabled';
  if (!hasClusterIP(service)) return 'no-cluster-ip';
  if (!index.injects(service, name)) return 'no-such-variable';
  return 'declared-later';
}

// ---------------------------------------------------------------------------------------------------------------
// $(VAR) expansion (expansion.Expand, tryReadVariableName)

/** A `$(NAME)` reference: [start, end) covers the whole `$(NAME)` in the string. */
export interface VariableReference {
  name: string;
  start: number;
  end: number;
}

type Segment =
  | { kind: 'text'; start: number; end: number }
  /** `$$`, which expands to one `$`. */
  | { kind: 'escape'; start: number; end: number }
  | ({ kind: 'reference' } & VariableReference);

/**
 * Splits a string as expansion.Expand reads it: `$$` is an escaped `$`; `$(` up to the next `)` is a reference
 * (whatever is between, even empty); an unterminated `$(` and a `$` before any other character (or at the end) are
 * copied as they are.
 */
function segments(input: string): Segment[] {
  const out: Segment[] = [];
  let checkpoint = 0;
  const flush = (to: number) => {
    if (to > checkpoint) out.push({ kind: 'text', start: checkpoint, end: to });
  };
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    const next = input[cursor + 1];
    if (next === '$') {
      flush(cursor);
      out.push({ kind: 'escape', start: cursor, end: cursor + 2 });
      checkpoint = cursor + 2;
      cursor += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      // Unterminated: "$(" is copied and scanning goes on after it (no later reference can close either).
      if (close === -1) {
        cursor += 1;
        continue;
      }
      flush(cursor);
      out.push({ kind: 'reference', name: input.slice(cursor + 2, close), start: cursor, end: close + 1 });
      checkpoint = close + 1;
      cursor = close;
    } else {
      // "$x" is copied as is; x is consumed, so "$x$(A)" still reads $(A) but "$$(A)" does not.
      cursor += 1;
    }
  }
  flush(input.length);
  return out;
}

/** The `$(NAME)` references Kubernetes expands in a string, in order (not the escaped `$$(NAME)`). */
export function variableReferences(input: string): VariableReference[] {
  return segments(input).flatMap((s) => (s.kind === 'reference' ? [{ name: s.name, start: s.start, end: s.end }] : []));
}

/** expansion.Expand: each reference becomes lookup(name), or stays `$(NAME)` when lookup returns undefined. */
export function expandVariables(input: string, lookup: (name: string) => string | undefined): string {
  return segments(input)
    .map((s) =>
      s.kind === 'text'
        ? input.slice(s.start, s.end)
        : s.kind === 'escape'
          ? '$'
          : (lookup(s.name) ?? input.slice(s.start, s.end)),
    )
    .join('');
}

/**
 * IsEnvVarName (C identifiers plus '-' and '.'): only such names can be defined by env or a ConfigMap key, so
 * `$(date +%s)` or `$((1 + 2))` in a value is shell syntax, never a Kubernetes variable.
 */
export function isEnvVarName(name: string): boolean {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name);
}

// ---------------------------------------------------------------------------------------------------------------
// What a container defines itself (makeEnvironmentVariables)

/** ConfigMap data by namespace and name (key -> value); several declarations of one ConfigMap are merged. */
export type ConfigMapData = (namespace: string, name: string) => ReadonlyMap<string, string> | null;

/** ConfigMap data by namespace and name (the analysis indexes it once, with the Secrets: config-objects.ts). */
export function indexConfigMaps(objects: readonly ManifestObject[]): ConfigMapData {
  return indexConfigObjects(objects).configMapData;
}

export interface ContainerEnvironment {
  /** Variables envFrom sources in the input define (prefix applied), with their values; later sources win. */
  fromSources: ReadonlyMap<string, string>;
  /** Prefixes of envFrom sources whose keys are unknown (a Secret, a ConfigMap not in the input): any name with it may exist. */
  unknownPrefixes: readonly string[];
  /** env[] positions of each name. */
  declared: ReadonlyMap<string, readonly number[]>;
}

export function containerEnvironment(
  container: ContainerModel,
  namespace: string,
  configMaps: ConfigMapData,
): ContainerEnvironment {
  const fromSources = new Map<string, string>();
  const unknownPrefixes: string[] = [];
  for (const source of container.envFrom) {
    const data = source.source === 'configMap' && source.name !== null ? configMaps(namespace, source.name) : null;
    if (data) for (const [key, value] of data) fromSources.set(source.prefix + key, value);
    else unknownPrefixes.push(source.prefix);
  }
  const declared = new Map<string, number[]>();
  for (const entry of container.env) {
    const list = declared.get(entry.name);
    if (list) list.push(entry.index);
    else declared.set(entry.name, [entry.index]);
  }
  return { fromSources, unknownPrefixes, declared };
}

/** Whether the container defines `name` itself, in env[] (anywhere) or through an envFrom source in the input. */
export function definesItself(env: ContainerEnvironment, name: string): boolean {
  return env.fromSources.has(name) || env.declared.has(name);
}

/** Whether an envFrom source with unknown keys might define `name`. */
export function mayComeFromUnknownSource(env: ContainerEnvironment, name: string): boolean {
  return env.unknownPrefixes.some((prefix) => name.startsWith(prefix));
}

// ---------------------------------------------------------------------------------------------------------------
// command and args

export interface ContainerArgument {
  field: 'command' | 'args';
  /** Position in its list. */
  index: number;
  text: TextValue;
}

/** command then args: the argv Kubernetes starts (an empty command keeps the image's entrypoint). */
export function containerArguments(container: ContainerModel): ContainerArgument[] {
  return [
    ...container.command.map((text, index) => ({ field: 'command' as const, index, text })),
    ...container.args.map((text, index) => ({ field: 'args' as const, index, text })),
  ];
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
/** A short option cluster that includes -c (-c, -ec, -exc, -lc): the next argument is the script. */
const SCRIPT_OPTION = /^-[a-zA-Z]*c[a-zA-Z]*$/;

/**
 * The position in argv of the script a shell runs (`sh -c SCRIPT`, `/bin/bash -ec SCRIPT`, `tini -- sh -c
 * SCRIPT`), or null when the container does not visibly run a shell script.
 */
export function shellScriptPosition(argv: readonly ContainerArgument[]): number | null {
  const shell = argv.findIndex((a) => SHELLS.has(a.text.value.slice(a.text.value.lastIndexOf('/') + 1)));
  if (shell === -1) return null;
  for (let i = shell + 1; i < argv.length; i++) {
    const option = argv[i]!.text.value;
    if (SCRIPT_OPTION.test(option)) return i + 1 < argv.length ? i + 1 : null;
    if (option === '-o' || option === '+o') i++;
    else if (!/^[-+][a-zA-Z]+$/.test(option)) return null;
  }
  return null;
}

/** A shell parameter expansion `$NAME` or `${NAME...}`: [start, end) covers it in the original string. */
export interface ShellReference {
  name: string;
  start: number;
  end: number;
  /** `${NAME:-word}`, `${NAME-word}`, `${NAME:=word}`...: the script handles an unset variable itself. */
  hasFallback: boolean;
}

/**
 * The shell variables a script reads, after Kubernetes' own expansion (`$$` becomes `$`). Skips single-quoted
 * text, backslash escapes and comments. Not a shell parser: enough to find `$FOO_SERVICE_HOST` and
 * `${FOO_SERVICE_PORT}`.
 */
export function shellVariableReferences(script: string): ShellReference[] {
  // What the shell receives, and where each of its characters comes from in `script`.
  let text = '';
  const source: number[] = [];
  for (const s of segments(script)) {
    if (s.kind === 'escape') {
      text += '$';
      source.push(s.start);
    } else {
      for (let i = s.start; i < s.end; i++) {
        text += script[i];
        source.push(i);
      }
    }
  }
  const refs: ShellReference[] = [];
  let single = false;
  let double = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (single) {
      if (c === "'") single = false;
    } else if (c === '\\') i++;
    else if (c === "'" && !double) single = true;
    else if (c === '"') double = !double;
    else if (c === '#' && !double && (i === 0 || /[\s;&|(]/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '$') {
      const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)(.?)/.exec(text.slice(i + 1, i + 258));
      const plain = braced ? null : /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, i + 257));
      if (braced) {
        const name = braced[1]!;
        const closed = braced[2] === '}';
        const operator = text.slice(i + 2 + name.length, i + 4 + name.length);
        // Covers `${NAME}`, or `${NAME` when an operator follows.
        const last = i + 1 + name.length + (closed ? 1 : 0);
        refs.push({ name, start: source[i]!, end: source[last]! + 1, hasFallback: /^:?[-=]/.test(operator) });
      } else if (plain) {
        refs.push({ name: plain[0], start: source[i]!, end: source[i + plain[0].length]! + 1, hasFallback: false });
      }
    }
  }
  return refs;
}

/** Whether a script sets the variable itself (`NAME=...`, `export NAME=...`, `read NAME`, `for NAME in`). */
export function scriptAssigns(script: string, name: string): boolean {
  const n = name.replace(/[^A-Za-z0-9_]/g, '');
  return new RegExp(`(^|[^A-Za-z0-9_$])${n}\\+?=|\\bread\\b[^;&|\\n]*\\b${n}\\b|\\bfor\\s+${n}\\s+in\\b`).test(script);
}

// ---------------------------------------------------------------------------------------------------------------
// Where a container uses Service link variables

/** One use of a variable: where it is and how it is written. */
export interface VariableUse {
  name: string;
  text: TextValue;
  start: number;
  end: number;
  path: string;
  /** "env API_URL", "args[1]" */
  where: string;
  shell: boolean;
}

/**
 * The variables a container reads that may be Service link variables: `$(NAME)` in env values, command and args, and
 * `$NAME` in the shell script it runs (unless it has a fallback or sets it itself).
 */
export function* serviceLinkUses(container: ContainerModel): Generator<VariableUse> {
  const path = container.path;
  for (const entry of container.env) {
    if (!entry.value) continue;
    for (const ref of variableReferences(entry.value.value)) {
      if (isEnvVarName(ref.name)) {
        yield {
          ...ref,
          text: entry.value,
          path: `${path}.env[${entry.index}].value`,
          where: `env ${entry.name}`,
          shell: false,
        };
      }
    }
  }
  const argv = containerArguments(container);
  for (const arg of argv) {
    for (const ref of variableReferences(arg.text.value)) {
      if (isEnvVarName(ref.name))
        yield {
          ...ref,
          text: arg.text,
          path: `${path}.${arg.field}[${arg.index}]`,
          where: `${arg.field}[${arg.index}]`,
          shell: false,
        };
    }
  }
  const script = shellScriptPosition(argv);
  if (script === null) return;
  const arg = argv[script]!;
  for (const ref of shellVariableReferences(arg.text.value)) {
    if (ref.hasFallback || !hasUnmistakableServiceLinkForm(ref.name) || scriptAssigns(arg.text.value, ref.name))
      continue;
    yield {
      ...ref,
      text: arg.text,
      path: `${path}.${arg.field}[${arg.index}]`,
      where: `${arg.field}[${arg.index}]`,
      shell: true,
    };
  }
}

/** Shell scripts use $DB_PORT-like names for their own variables; only the other forms are surely Service links. */
export function hasUnmistakableServiceLinkForm(name: string): boolean {
  return serviceLinkReadings(name).some((r) => r.form !== 'link');
}

/** The Service port a variable stands for, when it is one and known; null for the host and address variables. */
export function serviceLinkPort(
  reading: ServiceLinkResolution['reading'],
  service: ServiceModel | null,
): number | null {
  const numeric = (port: unknown) => (typeof port === 'number' ? port : null);
  switch (reading.form) {
    case 'host':
      return null;
    case 'link-port':
      return reading.suffix === 'ADDR' ? null : reading.port!;
    case 'named-port':
      return numeric(
        service?.ports.find((p) => p.name !== null && makeEnvVariableName(p.name) === reading.portEnvName)?.port,
      );
    default:
      return numeric(service?.ports[0]?.port);
  }
}
