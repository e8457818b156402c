// The string values pods read (env values, command, args, ConfigMap data) and which host names written in them a pod
// connects to: shared by dns-reference (does the name resolve?) and the known calls (who calls whom).
import type { Model } from '../model/build.js';
import { qualifiedName } from '../model/describe.js';
import type { ConfigMapModel, ManifestObject, TextValue, WorkloadModel } from '../model/types.js';
import { lineBefore, usesClusterDns, type HostReference } from './dns.js';

/** The flag an argument is the value of (`["--tls-server-name", "api.shop"]`), or "". */
function flagBefore(values: readonly TextValue[], i: number): string {
  const previous = i > 0 ? values[i - 1]!.value : '';
  return /^--?[A-Za-z][\w.-]*$/.test(previous) ? previous : '';
}

/** A string value a pod reads: where it is, and the namespace its names are resolved from. */
export interface ValueSite {
  object: ManifestObject;
  namespace: string;
  text: TextValue;
  path: string;
  /** "Deployment shop/web container app env API_URL" */
  subject: string;
  /** The env variable's name, the ConfigMap key, or the flag an argument is the value of. */
  label: string;
  /** The workload whose pods use the value (null for ConfigMap data). */
  workload: WorkloadModel | null;
}

export function* valueSites(model: Model): Generator<ValueSite> {
  for (const object of model.objects) {
    if (object.category === 'workload') yield* workloadSites(object);
    else if (object.category === 'config-map') yield* configMapSites(object);
  }
}

function* workloadSites(workload: WorkloadModel): Generator<ValueSite> {
  if (!usesClusterDns(workload)) return;
  const namespace = workload.namespace ?? '';
  for (const container of workload.containers) {
    const owner = `${workload.kind} ${qualifiedName(workload)} container ${container.name}`;
    const site = (text: TextValue, path: string, what: string, label: string): ValueSite => ({
      object: workload,
      namespace,
      text,
      path: `${container.path}.${path}`,
      subject: `${owner} ${what}`,
      label,
      workload,
    });
    for (const env of container.env) {
      if (env.value) yield site(env.value, `env[${env.index}].value`, `env ${env.name}`, env.name);
    }
    for (const [field, values] of [
      ['command', container.command],
      ['args', container.args],
    ] as const) {
      for (const [i, value] of values.entries())
        yield site(value, `${field}[${i}]`, `${field}[${i}]`, flagBefore(values, i));
    }
  }
}

function* configMapSites(configMap: ConfigMapModel): Generator<ValueSite> {
  for (const { key, value } of configMap.data) {
    // Grafana dashboards hold queries, variables and browser links, not hosts the pods connect to.
    if (key.endsWith('.json') && value.value.includes('"panels"')) continue;
    yield {
      object: configMap,
      namespace: configMap.namespace ?? '',
      text: value,
      path: /^[A-Za-z0-9_-]+$/.test(key) ? `data.${key}` : `data[${JSON.stringify(key)}]`,
      subject: `ConfigMap ${qualifiedName(configMap)} key ${key}`,
      label: key,
      workload: null,
    };
  }
}

/**
 * Whether the pod connects to the name written here, so that it must resolve and answer on its port. The scanner
 * (scanHosts) has already dropped what is no address at all (a listen spec `=tcp:3306`, nginx `server_name`, an
 * image after `--image=`); here the place says what the name is for:
 * - an env variable, key or flag about an image (`DB_IMAGE=postgres:15`) names an image reference;
 * - a TLS server name (`TLS_RELAY_SERVER_NAME`, `*_SNI`, `*_SERVER_NAME`, `*_TLS_NAME`, `--tls-server-name`,
 *   `--servername`, Envoy `sni:`, nginx `proxy_ssl_name`) is the name the peer's certificate is checked against and
 *   sent in the TLS handshake (SNI), not a name the pod looks up: the connection goes to another address.
 */
function isUsedToConnect(site: ValueSite, reference: HostReference): boolean {
  const key = site.text.value.includes('\n') ? '' : site.label;
  // Every value of an env variable about images, as before; a ConfigMap key only for its one-line value.
  if (/image/i.test(site.workload ? site.label : key)) return false;
  return !TLS_NAME_KEY.test(key) && !TLS_NAME_KEY.test(fieldBefore(site.text.value, reference.start));
}

/** A key, variable or flag ending in a TLS server name word, right before the value (separators and quotes after it). */
const TLS_NAME_KEY =
  /(?:^|[^a-z0-9])(?:sni|server[_.-]?names?|(?:tls|ssl)[_.-]?(?:server[_.-]?)?name)(?:[_.-]override)?[^a-z0-9]*$/i;

/** The last field of the line before `index`: in {"host": "a", "name": "b.c"} the field of b.c is `"name": "`. */
function fieldBefore(text: string, index: number): string {
  return lineBefore(text, index)
    .split(/[,;{}[\]()]/)
    .pop()!;
}

/**
 * A single word is a host only with a port (api:8080), and not below 80, where `postgres:15` or `node:20` is more
 * likely an image tag; localhost is the pod itself.
 */
function isSingleLabelHost(reference: HostReference, host: string): boolean {
  return (
    reference.port !== null &&
    reference.port >= 80 &&
    !reference.host.endsWith('.') &&
    host.toLowerCase() !== 'localhost'
  );
}

/** Keys, flags and variable names that announce a host. */
// Not "service": OTEL_SERVICE_NAME and friends hold logical names such as shop.frontend.
const HOST_KEY =
  /host|addr|server|endpoint|url|uri|dsn|broker|bootstrap|seed|upstream|backend|target|peer|master|replica|primary|connect|proxy|remote|sink|collector|redis|postgres|mysql|mongo|kafka|zookeeper|nats|amqp|rabbit|elastic|jaeger|zipkin|otlp/i;

/**
 * A dotted name is a host when it says so: a port, a URL, `.svc`, an SRV name, or a key, flag or variable naming a host right
 * before it (`host: es.logging`, `--db-host=db.data`, `REDIS_HOST`). Bare `<a>.<b>` in prose, logger names or
 * JSON fields (`user.data`, `app.web`) is too often no host when namespaces are called app, web or data.
 */
function saysItIsAHost(site: ValueSite, reference: HostReference): boolean {
  if (
    reference.port !== null ||
    reference.scheme !== null ||
    reference.host.startsWith('_') ||
    /\.svc(\.|$)/i.test(reference.host)
  )
    return true;
  const key = site.text.value.includes('\n') ? '' : site.label;
  return HOST_KEY.test(`${key} ${fieldBefore(site.text.value, reference.start)}`);
}

/**
 * Whether a host found in a value is one the pod connects to and says it is a host: a single label needs a port
 * (isSingleLabelHost), a dotted name a port, URL, `.svc` or a key naming a host (saysItIsAHost).
 */
export function isConnectedHost(site: ValueSite, reference: HostReference): boolean {
  if (!isUsedToConnect(site, reference)) return false;
  const host = reference.host.replace(/\.$/, '');
  return host.includes('.') ? saysItIsAHost(site, reference) : isSingleLabelHost(reference, host);
}
