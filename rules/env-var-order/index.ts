import { defineRule, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { rangeInValue } from '../../src/model/text.js';
import type { ContainerModel, EnvVarModel, TextValue, WorkloadModel } from '../../src/model/types.js';
import {
  containerArguments,
  expandVariables,
  indexServiceLinks,
  isEnvVarName,
  isServiceLinkName,
  mayComeFromUnknownSource,
  resolveServiceLink,
  variableReferences,
  type ContainerEnvironment,
  type ServiceLinkIndex,
  type VariableReference,
} from '../../src/analysis/env.js';

export default defineRule({
  meta: {
    id: 'env-var-order',
    severity: 'warning',
    sarif: { tags: ['kubernetes', 'correctness', 'pod', 'env'], precision: 'high' },
    description:
      'A $(VAR) reference in env, command or args to a variable that is not defined at that point, which Kubernetes leaves as literal text.',
    rationale: `The kubelet builds a container's environment in order (\`makeEnvironmentVariables\` in
pkg/kubelet/kubelet_pods.go): first every \`envFrom\` source (ConfigMap or Secret keys, with their \`prefix\`), then
\`env[]\` **in the order declared**. Each \`env[].value\` is expanded with \`MappingFuncFor(tmpEnv, serviceEnv)\`:
only variables from envFrom, from **earlier** \`env\` entries, and the Service link variables are visible. A
reference that resolves to nothing is not an error: \`expansion.Expand\`
(third_party/forked/golang/expansion/expand.go) leaves it **verbatim**, so \`DB_URL=postgres://$(DB_HOST):5432\`
declared above \`DB_HOST\` really is the string \`postgres://$(DB_HOST):5432\` at run time. The image's own
variables (such as \`PATH\`) are not visible either.

\`command\` and \`args\` are expanded afterwards against the container's **final** environment, so there only a
variable that the container defines nowhere is reported.

The syntax is expand.go's exactly: \`$$\` is an escaped \`$\` (\`$$(VAR)\` is the literal text \`$(VAR)\`, not a
reference), an unterminated \`$(\` and a \`$\` before any other character are copied as they are. Names that cannot
be variables (\`$(date +%s)\`, \`$((1 + 2))\`) and all-lowercase names defined nowhere (\`$(hostname)\`: shell command
substitution) are left alone. When the container has an \`envFrom\` source whose keys svclint cannot see (a
Secret, or a ConfigMap that is not in the files), references that source could define are not reported.
Names of the Service link form (\`*_SERVICE_HOST\`, \`*_SERVICE_PORT*\`, \`*_PORT*\`) that the container does not
define itself are judged by \`service-env-order\`.`,
    examples: {
      valid: [
        {
          title:
            'A variable defined before its use, an escaped $$(VAR), and args that use a variable defined anywhere in env',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: example/worker:1.0
          args: ["--queue=$(QUEUE)", "--template=$$(JOB_ID)"]
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: WORKER_ID
              value: worker-$(POD_NAME)
            - name: QUEUE
              value: jobs
`,
        },
      ],
      invalid: [
        {
          title: 'A variable used one entry before it is defined',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: example/worker:1.0
          env:
            - name: WORKER_ID
              value: worker-$(POD_NAME)
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const serviceLinks = indexServiceLinks(model.services);
    for (const workload of model.workloads) {
      const namespace = workload.namespace ?? 'default';
      for (const container of workload.containers) {
        const env = analysis.containerEnvironment(container, namespace);
        const check = new ContainerCheck(workload, container, env, serviceLinks);
        for (const finding of check.findings()) report(finding);
      }
    }
  },
});

/** A variable's value as far as svclint knows it: null when it comes from somewhere unseen (valueFrom, a Service). */
type KnownValues = Map<string, string | null>;

/** Values longer than this are not quoted in messages. */
const QUOTABLE_LENGTH = 100;

class ContainerCheck {
  private readonly subject: string;
  private byIndex: Map<number, EnvVarModel> | undefined;

  constructor(
    private readonly workload: WorkloadModel,
    private readonly container: ContainerModel,
    private readonly env: ContainerEnvironment,
    private readonly serviceLinks: ServiceLinkIndex,
  ) {
    const role = container.role === 'container' ? 'container' : 'init container';
    this.subject = `${workload.kind} ${qualifiedName(workload)} ${role} ${container.name}`;
  }

  findings(): Report[] {
    const reports: Report[] = [];
    // Replays makeEnvironmentVariables: envFrom first, then env[] in order, each value expanded with what came before.
    const values: KnownValues = new Map(this.env.fromSources);
    for (const entry of this.container.env) {
      const text = entry.value;
      if (text && text.value !== '') {
        for (const ref of variableReferences(text.value)) {
          const report = this.envReference(entry, text, ref, values);
          if (report) reports.push(report);
        }
      }
      values.set(entry.name, entry.valueFrom ? null : text ? quotable(this.literal(text.value, values)) : '');
    }
    for (const argument of containerArguments(this.container)) {
      for (const ref of variableReferences(argument.text.value)) {
        if (!this.undefinedAnywhere(ref.name, values)) continue;
        const where = `${argument.field}[${argument.index}]`;
        const outcome = this.outcome(argument.text.value, ref, values, 'the argument');
        reports.push(
          this.at(
            argument.text,
            ref,
            `${this.container.path}.${where}`,
            `${this.subject} ${where} uses $(${ref.name}), which no env or envFrom entry of the container defines, so ${outcome}`,
          ),
        );
      }
    }
    return reports;
  }

  private envReference(
    entry: EnvVarModel,
    text: TextValue,
    ref: VariableReference,
    values: KnownValues,
  ): Report | null {
    const name = ref.name;
    if (!isEnvVarName(name) || values.has(name) || mayComeFromUnknownSource(this.env, name)) return null;
    const later = firstAfter(this.env.declared.get(name), entry.index);
    const path = `${this.container.path}.env[${entry.index}].value`;
    const use = `${this.subject} env ${entry.name} uses $(${name})`;
    if (later !== undefined) {
      const definition = this.entryAt(later);
      const fix = `; define ${name} above ${entry.name}`;
      const related = [
        {
          object: this.workload,
          range: definition.nameRange ?? definition.range,
          message: `${name} is defined here, after its use`,
        },
      ];
      if (isServiceLinkName(name)) {
        const link = resolveServiceLink(this.serviceLinks, name, this.pod());
        if (link?.problem === null) {
          // No Service means the master Service, which every pod gets.
          const service = link.service ? qualifiedName(link.service) : 'default/kubernetes';
          const message = `${use} before env[${later}] defines it; Kubernetes expands only variables defined earlier, so $(${name}) takes the link variable of Service ${service} instead${fix}`;
          return { ...this.at(text, ref, path, message), related };
        }
      }
      const message = `${use} before env[${later}] defines it; Kubernetes expands only variables defined earlier, so ${this.outcome(text.value, ref, values, entry.name)}${fix}`;
      return { ...this.at(text, ref, path, message), related };
    }
    // Undefined names of the Service link form are service-env-order's; all-lowercase ones are shell commands.
    if (isServiceLinkName(name) || (name !== entry.name && looksLikeCommand(name))) return null;
    const outcome = this.outcome(text.value, ref, values, entry.name);
    const message =
      name === entry.name
        ? `${use}, but no earlier env or envFrom entry defines ${name} (the image's variables are not visible to $(...)), so ${outcome}`
        : `${use}, which no env or envFrom entry of the container defines, so ${outcome}`;
    return this.at(text, ref, path, message);
  }

  /** A reference in command/args: expanded against the final env, so only a name defined nowhere stays literal. */
  /** The env entry at a position, from a table built on the first use (not a search per finding). */
  private entryAt(index: number): EnvVarModel {
    this.byIndex ??= new Map(this.container.env.map((e) => [e.index, e]));
    return this.byIndex.get(index)!;
  }

  private undefinedAnywhere(name: string, values: KnownValues): boolean {
    return (
      isEnvVarName(name) &&
      !values.has(name) &&
      !mayComeFromUnknownSource(this.env, name) &&
      !isServiceLinkName(name) &&
      !looksLikeCommand(name)
    );
  }

  /** What the string becomes, quoted when svclint knows it exactly, else that the reference stays in it. */
  private outcome(value: string, ref: VariableReference, values: KnownValues, holder: string): string {
    const literal = this.literal(value, values);
    if (literal !== null && literal.length <= QUOTABLE_LENGTH && !literal.includes('\n')) {
      return `${holder} is literally ${JSON.stringify(literal)}`;
    }
    return `"${value.slice(ref.start, ref.end)}" stays in ${holder} as literal text`;
  }

  /** expansion.Expand with the values known so far; null when a reference resolves to something svclint cannot see. */
  private literal(value: string, values: KnownValues): string | null {
    let unknown = false;
    const expanded = expandVariables(value, (name) => {
      if (values.has(name)) {
        const known = values.get(name) ?? null;
        if (known === null) unknown = true;
        return known ?? '';
      }
      // A Service may inject it (or an envFrom source svclint cannot see define it).
      if (isServiceLinkName(name) || mayComeFromUnknownSource(this.env, name)) unknown = true;
      return undefined;
    });
    return unknown ? null : expanded;
  }

  private pod() {
    return {
      namespace: this.workload.namespace ?? 'default',
      order: this.workload.order,
      serviceLinks: this.workload.enableServiceLinks?.value !== false,
    };
  }

  private at(text: TextValue, ref: VariableReference, path: string, message: string): Report {
    return {
      object: this.workload,
      fileId: this.workload.fileId,
      range: rangeInValue(text, ref.start, ref.end),
      path,
      message,
    };
  }
}

/**
 * A value as far as messages need it: one longer than a message quotes (or spanning lines) could only make longer
 * values, which are not quoted either, so it is kept as unknown. This keeps `B=$(A)$(A)`, `C=$(B)$(B)`, ... from
 * doubling a string per entry: the stored values stay short, whatever the chain.
 */
function quotable(literal: string | null): string | null {
  return literal !== null && literal.length <= QUOTABLE_LENGTH && !literal.includes('\n') ? literal : null;
}

/** The first position after `index` in an ascending list, by binary search (a name declared many times). */
function firstAfter(positions: readonly number[] | undefined, index: number): number | undefined {
  if (!positions) return undefined;
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (positions[mid]! > index) high = mid;
    else low = mid + 1;
  }
  return positions[low];
}

/** `$(hostname)`, `$(date)`: shell command substitution meant for a shell, not a Kubernetes variable. */
function looksLikeCommand(name: string): boolean {
  return /^[a-z][a-z0-9._-]*$/.test(name);
}
