import { defineRule, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import type { ContainerModel, EnvVarModel, WorkloadModel } from '../../src/model/types.js';

export default defineRule({
  meta: {
    id: 'duplicate-env-var',
    severity: 'warning',
    sarif: { tags: ['kubernetes', 'correctness', 'pod', 'env'] },
    description: "The same variable name twice in one container's env, where the later entry hides the earlier one.",
    rationale: `The API server accepts a container whose \`env\` lists a name twice, but warns
(\`warningsForPodSpecAndMeta\` in pkg/api/pod/warnings.go): *"hides previous definition of "X", which may be
dropped when using apply"*. The kubelet stores each entry in turn (\`makeEnvironmentVariables\`), so the last one
wins and the first is dead; and since \`env\` is merged by \`name\` in strategic merge patch and server-side apply,
\`kubectl apply\` may drop one of the two, so what runs can differ from what is written.

svclint copies the API server's exception exactly: a later entry is **not** a duplicate when it has no
\`valueFrom\`, its \`value\` contains \`$(NAME)\` and is not exactly \`$(NAME)\`, because it builds on the earlier
value on purpose (\`PATH=$(PATH):/opt/bin\` after an earlier \`PATH\`). A name that comes from \`envFrom\` and is set
again in \`env\` is not a duplicate either: \`env\` overriding \`envFrom\` is the documented way to override a key.`,
    examples: {
      valid: [
        {
          title: 'A later entry that extends the earlier value, and env overriding an envFrom key',
          yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
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
          envFrom:
            - configMapRef:
                name: settings
          env:
            - name: LOG_LEVEL
              value: debug
            - name: PATH
              value: /usr/local/bin:/usr/bin:/bin
            - name: PATH
              value: $(PATH):/opt/worker/bin
`,
        },
      ],
      invalid: [
        {
          title: 'A variable set twice: the second value hides the first',
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
            - name: LOG_LEVEL
              value: info
            - name: QUEUE
              value: jobs
            - name: LOG_LEVEL
              value: debug
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const workload of model.workloads) {
      for (const container of workload.containers) {
        for (const finding of duplicates(workload, container)) report(finding);
      }
    }
  },
});

function duplicates(workload: WorkloadModel, container: ContainerModel): Report[] {
  const first = new Map<string, EnvVarModel>();
  const reports: Report[] = [];
  for (const entry of container.env) {
    const earlier = first.get(entry.name);
    if (!earlier) first.set(entry.name, entry);
    else if (!extendsEarlierValue(entry)) reports.push(duplicate(workload, container, earlier, entry));
  }
  return reports;
}

/** warnings.go: not a duplicate when the later entry has no valueFrom and its value contains $(NAME) but is not exactly $(NAME). */
function extendsEarlierValue(entry: EnvVarModel): boolean {
  const ref = `$(${entry.name})`;
  const value = entry.value?.value ?? '';
  return !entry.valueFrom && value !== ref && value.includes(ref);
}

function duplicate(
  workload: WorkloadModel,
  container: ContainerModel,
  earlier: EnvVarModel,
  entry: EnvVarModel,
): Report {
  const role = container.role === 'container' ? 'container' : 'init container';
  const subject = `${workload.kind} ${qualifiedName(workload)} ${role} ${container.name}`;
  return {
    object: workload,
    fileId: workload.fileId,
    range: entry.nameRange ?? entry.range,
    path: `${container.path}.env[${entry.index}].name`,
    message: `${subject} sets env ${entry.name} again at env[${entry.index}] (first at env[${earlier.index}]); the later entry wins, and the earlier one may be dropped when using apply`,
    related: [
      { object: workload, range: earlier.nameRange ?? earlier.range, message: `first definition of ${entry.name}` },
    ],
  };
}
