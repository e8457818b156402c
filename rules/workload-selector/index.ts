import { defineRule, at, hasSchemaProblem } from '../../src/rule.js';
import { selectorProblem } from '../../src/model/workload-selector.js';

export default defineRule({
  meta: {
    id: 'workload-selector',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'workload', 'selector'] },
    description: "A workload's selector that does not select its own pod template (the API server rejects it).",
    rationale: `A controller owns the pods its selector selects, so the selector must select the pods it creates.
The API server enforces this: \`ValidateDeploymentSpec\`, \`ValidateReplicaSetSpec\`, \`ValidateStatefulSetSpec\`
and \`ValidateDaemonSetSpec\` (pkg/apis/apps/validation) reject an apps/v1 workload whose \`spec.selector\` is
missing or empty, or "\`selector\` does not match template \`labels\`". \`ValidateReplicationControllerSpec\`
does the same for a ReplicationController's map selector (an empty one defaults to the template labels), and a
Job with \`manualSelector: true\` must match its template too. An OpenShift DeploymentConfig (apps.openshift.io/v1)
has a map selector like a ReplicationController's: \`SetDefaults_DeploymentConfigSpec\` defaults an empty one to the
template labels, and \`ValidateDeploymentConfigSpec\` (through \`ValidatePodTemplateSpecForRC\`) rejects one that
does not match them. \`ValidateLabelSelector\` rejects an unknown
operator, \`In\`/\`NotIn\` without values and \`Exists\`/\`DoesNotExist\` with values.

Custom workloads with a pod template and a LabelSelector (Argo Rollouts, OpenKruise CloneSet) are held to the
same rule, which their controllers also enforce.`,
    examples: {
      valid: [
        {
          title: 'A set-based selector that the template labels satisfy',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
    matchExpressions:
      - { key: tier, operator: In, values: [frontend, edge] }
      - { key: canary, operator: DoesNotExist }
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
        },
      ],
      invalid: [
        {
          title: 'The selector names a label value the template does not have',
          yaml: `apiVersion: apps/v1
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
        app: webapp
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const workload of model.workloads) {
      const path = workload.kind === 'CronJob' ? 'spec.jobTemplate.spec.selector' : 'spec.selector';
      if (hasSchemaProblem(workload, path)) continue;
      const message = selectorProblem(workload);
      if (!message) continue;
      const range = workload.selectorRange ?? workload.podLabelsRange ?? workload.nameRange;
      const finding = at(workload, range, path, message);
      if (workload.podLabelsRange && workload.selectorRange) {
        finding.related = [{ object: workload, range: workload.podLabelsRange, message: 'pod template labels' }];
      }
      report(finding);
    }
  },
});
