import { defineRule, type RelatedLocation, type Report } from '../../src/rule.js';
import { counted, describeContainerPort, kindName, objectNames, qualifiedName } from '../../src/model/describe.js';
import type { PortEndpoints, PortGap, ServiceEndpoints } from '../../src/analysis/endpoints.js';
import type { SourceFile, WorkloadModel } from '../../src/model/types.js';
import { compareText, listing } from '../../src/strings.js';
import { mentionedPorts, type PortMention } from '../../src/analysis/listen-ports.js';

export default defineRule({
  meta: {
    id: 'target-port-mismatch',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'ports', 'endpoints'], precision: 'high' },
    description: 'A Service port whose targetPort no container of the selected pods serves.',
    rationale: `The EndpointSlice controller resolves each Service port's \`targetPort\` per pod (\`findPort\` in
pkg/api/v1/pod and the endpointslice controller): a **named** targetPort must equal the \`name\` of a container
port with the **same protocol** (containers first, then sidecar init containers with \`restartPolicy: Always\`).
A pod that has no such port is left out of that Service port's endpoints, so traffic never reaches it: **error**.
A name that is declared only with another protocol (TCP vs UDP) is an **error** too: the port is matched by name
*and* protocol.

A **numeric** targetPort is used as is, declared or not: \`FindPort\` (pkg/api/v1/pod/util.go) returns
\`portName.IntValue()\` for an int targetPort without looking at the containers, and the API reference for
\`containers[].ports\` says that not specifying a port there does not prevent it from being exposed. Most
containers that serve such a port declare none and say where they listen in their command, args or env
(\`--port=7080\`, \`-addr=:4317\`, \`PORT=8080\`). So for a number that no container of a selected workload
declares, svclint looks for it in the command, args and env values of the containers that serve traffic
(containers and sidecars; env from \`env[].value\` and the ConfigMaps of \`envFrom\` in the input, which covers
\`$(VAR)\` references to them), leaving out a port written after a host name (\`http://api:80\` is a connection):

- the containers declare ports, none of them this number, and name it nowhere: the classic "targetPort 80 vs
  containerPort 8080" typo, **warning**;
- they declare other ports but name the number (\`--port=8080\`): **note**, declare it to document it;
- they declare no ports and name the number nowhere (an image's default port, a config file): **note**, check
  that the process listens there;
- they declare no ports and name the number: nothing to report.

A number declared only with another protocol (a UDP Service port on a container port declared TCP) is a
**warning**: traffic is sent, but the process probably does not listen for it. targetPort defaults to \`port\`
when it is missing, 0 or "".

When the Service selects several workloads, each is judged on its own and the message says which lack the port.`,
    examples: {
      valid: [
        {
          title: 'A named targetPort served by a second container, and targetPort defaulting to port',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9100
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: example/web:1.0
          ports:
            - containerPort: 9100
        - name: proxy
          image: envoyproxy/envoy:v1.31
          ports:
            - name: http
              containerPort: 8080
`,
        },
      ],
      invalid: [
        {
          title: 'The named targetPort does not exist on the pods',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: example/web:1.0
          ports:
            - name: web
              containerPort: 8080
`,
        },
      ],
    },
  },
  check({ analysis, model, report }) {
    const configMaps = analysis.configMaps;
    const mentions = new Map<WorkloadModel, ReadonlyMap<number, PortMention>>();
    // Computed once per workload, and only for those with an undeclared number.
    const mentionsOf = (workload: WorkloadModel) => {
      let found = mentions.get(workload);
      if (!found) mentions.set(workload, (found = mentionedPorts(workload, configMaps)));
      return found;
    };
    for (const service of analysis.endpoints) {
      for (const port of service.ports) {
        for (const finding of portFindings(service, port, mentionsOf, model.files)) report(finding);
      }
    }
  },
});

type MentionsOf = (workload: WorkloadModel) => ReadonlyMap<number, PortMention>;

function portFindings(
  service: ServiceEndpoints,
  port: PortEndpoints,
  mentionsOf: MentionsOf,
  files: readonly SourceFile[],
): Report[] {
  const svc = service.service;
  const p = port.port;
  const explicit = p.targetPortRange !== null;
  const range = p.targetPortRange ?? p.portRange ?? p.range;
  const path = `spec.ports[${p.index}].${explicit ? 'targetPort' : 'port'}`;
  const target = typeof port.targetPort === 'string' ? `"${port.targetPort}"` : String(port.targetPort);
  const subject = `Service ${qualifiedName(svc)} port ${p.port}${explicit ? ` targetPort ${target}` : ` (targetPort defaults to ${target})`}`;
  const served = (kind: PortGap['kind']) => {
    const missing = new Set(port.gaps.filter((g) => g.kind === kind).map((g) => g.workload));
    const others = service.workloads
      .filter((w) => !missing.has(w) && port.endpoints.some((e) => e.workload === w && e.container))
      .sort(byKindName);
    return others.length
      ? `; ${listing(objectNames(others, files))} ${others.length === 1 ? 'serves' : 'serve'} it`
      : '';
  };
  const reports: Report[] = [];
  const make = (severity: Report['severity'], message: string, related: RelatedLocation[]): Report => ({
    object: svc,
    fileId: svc.fileId,
    range,
    path,
    message,
    severity,
    related,
  });

  const notFound = gapsOf(port, 'name-not-found');
  if (notFound.length) {
    const names = objectNames(
      notFound.map((g) => g.workload),
      files,
    );
    const details = notFound.map((g, i) => `${names[i]} (${declaredPorts(g.workload)})`);
    reports.push(
      make(
        'error',
        `${subject} matches no container port named ${target} in ${listing(details)}; those pods get no traffic on this port${served('name-not-found')}`,
        notFound.map((g) => templateLocation(g.workload)),
      ),
    );
  }
  const mismatched = gapsOf(port, 'protocol-mismatch');
  if (mismatched.length) {
    const names = objectNames(
      mismatched.map((g) => g.workload),
      files,
    );
    const details = mismatched.map(
      (g, i) => `${g.declared.container.name} of ${names[i]} declares ${describeContainerPort(g.declared.port)}`,
    );
    // A named port is resolved by name and protocol, so the pods drop out; a number is still routed.
    const named = typeof port.targetPort === 'string';
    const outcome = named
      ? 'those pods get no traffic on this port'
      : `${p.protocol} traffic is still sent to port ${target}, so check that the process listens for it`;
    reports.push(
      make(
        named ? 'error' : 'warning',
        `${subject} is ${p.protocol}, but ${listing(details)} only with another protocol; ${outcome}${served('protocol-mismatch')}`,
        mismatched.map((g) => ({
          object: g.workload,
          range: g.declared.port.range,
          message: 'container port with another protocol',
        })),
      ),
    );
  }
  const undeclared = gapsOf(port, 'number-undeclared').map((g) =>
    undeclaredEvidence(g.workload, Number(port.targetPort), mentionsOf),
  );
  const mistakes = undeclared.filter((u) => u.level === 'warning');
  if (mistakes.length) {
    const names = objectNames(
      mistakes.map((u) => u.workload),
      files,
    );
    const details = mistakes.map((u, i) => `${names[i]} (${declaredPorts(u.workload)})`);
    reports.push(
      make(
        'warning',
        `${subject} is not declared by any container of ${listing(details)}; traffic is still sent to port ${target}, so check that the process listens there${served('number-undeclared')}`,
        mistakes.map((u) => templateLocation(u.workload)),
      ),
    );
  }
  const mentioned = undeclared.filter((u) => u.level === 'note' && u.mention);
  if (mentioned.length) {
    const names = objectNames(
      mentioned.map((u) => u.workload),
      files,
    );
    const details = mentioned.map(
      (u, i) => `${names[i]} (${declaredPorts(u.workload)}), though ${describeMention(u.mention!)}`,
    );
    reports.push(
      make(
        'note',
        `${subject} is not declared by any container of ${listing(details)}; traffic is sent to it all the same: declare it as a containerPort to document it`,
        mentioned.map((u) => templateLocation(u.workload)),
      ),
    );
  }
  const silent = undeclared.filter((u) => u.level === 'note' && !u.mention);
  if (silent.length) {
    const details = objectNames(
      silent.map((u) => u.workload),
      files,
    );
    reports.push(
      make(
        'note',
        `${subject}: ${listing(details)} ${silent.length === 1 ? 'declares' : 'declare'} no container ports and no command, args or env of ${silent.length === 1 ? 'its' : 'their'} containers names ${target}; traffic is still sent to port ${target}, so check that the process listens there (an image's default port, say)`,
        silent.map((u) => templateLocation(u.workload)),
      ),
    );
  }
  return reports;
}

/**
 * How sure it is that a selected workload's pods do not listen on a numeric targetPort none of their containers
 * declares. Container ports are informational, so only declared ports without this one, and no mention of the number
 * where the containers say what they listen on, point to a mistake (warning); a mention with declared ports, or no
 * ports and no mention, is a note; a mention without declared ports is how most containers say it (no report).
 */
function undeclaredEvidence(
  workload: WorkloadModel,
  target: number,
  mentionsOf: MentionsOf,
): { workload: WorkloadModel; level: 'warning' | 'note' | null; mention: PortMention | null } {
  const declares = workload.containers.some((c) => c.role !== 'init' && c.ports.length > 0);
  const mention = mentionsOf(workload).get(target) ?? null;
  const level = declares ? (mention ? 'note' : 'warning') : mention ? null : 'note';
  return { workload, level, mention };
}

/** `container app args[0] "--port=8080" names it` */
function describeMention(mention: PortMention): string {
  const value = mention.value.length > 60 ? `${mention.value.slice(0, 57)}...` : mention.value;
  return `container ${mention.container.name} ${mention.where} ${JSON.stringify(value)} names it`;
}

/** The gaps of one kind, by workload kind and name: not in apply order, so that messages do not change when files are reordered. */
function gapsOf<K extends PortGap['kind']>(port: PortEndpoints, kind: K): Extract<PortGap, { kind: K }>[] {
  return port.gaps
    .filter((g): g is Extract<PortGap, { kind: K }> => g.kind === kind)
    .sort((a, b) => byKindName(a.workload, b.workload));
}

function byKindName(a: WorkloadModel, b: WorkloadModel): number {
  return compareText(kindName(a), kindName(b)) || a.order - b.order;
}

function declaredPorts(workload: WorkloadModel): string {
  const ports = workload.containers.filter((c) => c.role !== 'init').flatMap((c) => c.ports.map(describeContainerPort));
  return ports.length ? `its ports: ${counted(ports).join(', ')}` : 'it declares no ports';
}

function templateLocation(workload: WorkloadModel): RelatedLocation {
  return {
    object: workload,
    range: workload.podLabelsRange ?? workload.nameRange,
    message: `pod template of ${kindName(workload)}`,
  };
}
