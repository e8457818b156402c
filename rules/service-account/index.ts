import { defineRule } from '../../src/rule.js';
import { kindName } from '../../src/model/describe.js';
import {
  DEFAULT_SERVICE_ACCOUNT,
  effectiveServiceAccount,
  missingServiceAccount,
} from '../../src/model/service-accounts.js';

const ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
---
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
`;

const CONTAINERS = `      containers:
        - name: api
          image: example/api:1.0
`;

export default defineRule({
  meta: {
    id: 'service-account',
    severity: 'warning',
    description:
      'A pod template whose service account is not among the ServiceAccounts the input defines in its namespace (pod admission refuses its pods), or that uses the deprecated serviceAccount field (a note).',
    rationale: `Every pod runs as a service account: \`spec.serviceAccountName\`, \`default\` when unset. The deprecated
\`spec.serviceAccount\` is the same field under its old name: the API server uses it when \`serviceAccountName\` is
empty (\`Convert_v1_PodSpec_To_core_PodSpec\`: \`if in.ServiceAccountName == "" { out.ServiceAccountName =
in.DeprecatedServiceAccount }\`), so it still works, but nothing should set it (**note**).

The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount) refuses to create a pod whose service
account does not exist:

\`\`\`go
serviceAccount, err := s.getServiceAccount(a.GetNamespace(), pod.Spec.ServiceAccountName)
if err != nil {
	return admission.NewForbidden(a, fmt.Errorf("error looking up service account %s/%s: %w", a.GetNamespace(), pod.Spec.ServiceAccountName, err))
}
if serviceAccount == nil {
	return admission.NewForbidden(a, fmt.Errorf("service account %s/%s was not found, retry after the service account is created", a.GetNamespace(), pod.Spec.ServiceAccountName))
}
\`\`\`

A Deployment, StatefulSet, DaemonSet or Job is accepted, but its controller's pod creations fail (FailedCreate
events) until the ServiceAccount exists, so it runs no pods. svclint reports a name that is not one of the
ServiceAccounts the input defines **in that namespace**, but only when the input defines at least one there (it then
evidently manages them; a chart that creates none relies on ServiceAccounts made elsewhere), with the nearest name
("did you mean"). \`default\` is never reported: the service account controller creates it in every namespace.
Such a workload makes no pods, so it is not an endpoint source of any Service: orphan-service and the endpoint map say
why a Service it alone would serve has no endpoints.`,
    examples: {
      valid: [
        {
          title: 'The pods run as a ServiceAccount the input defines, and a Job in the same namespace as default',
          yaml: `${ACCOUNT}${DEPLOYMENT}      serviceAccountName: api
${CONTAINERS}---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: default
      restartPolicy: Never
      containers:
        - name: migrate
          image: example/migrate:1.0
`,
        },
      ],
      invalid: [
        {
          title: 'The pods name a service account that is not defined (it is api)',
          yaml: `${ACCOUNT}${DEPLOYMENT}      serviceAccountName: api-server
${CONTAINERS}`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const workload of model.workloads) {
      const account = workload.serviceAccount;
      if (!account) continue;
      if (account.deprecated) {
        const effective = effectiveServiceAccount(workload);
        const usedFor =
          effective?.field === 'serviceAccount'
            ? `it is the service account the pods run as, since serviceAccountName is empty`
            : `serviceAccountName wins over it`;
        report({
          object: workload,
          fileId: workload.fileId,
          range: account.deprecated.range,
          path: `${workload.podSpecPath}.serviceAccount`,
          message: `${kindName(workload)} sets the deprecated serviceAccount field (${usedFor}); use serviceAccountName`,
          severity: 'note',
        });
      }
      const missing = missingServiceAccount(workload, model.serviceAccounts);
      if (!missing || missing.name === DEFAULT_SERVICE_ACCOUNT) continue;
      const namespace = workload.namespace ?? '';
      const near = model.serviceAccounts.nearest(namespace, missing.name);
      const suggestion = near ? `. Did you mean ${near}?` : '';
      report({
        object: workload,
        fileId: workload.fileId,
        range: missing.located.range,
        path: `${workload.podSpecPath}.${missing.field}`,
        message: `${kindName(workload)} runs its pods as service account "${missing.name}", which is not among the ServiceAccounts the input defines in namespace ${namespace}; pod admission refuses such pods ("service account ${namespace}/${missing.name} was not found, retry after the service account is created"), so it runs no pods until the ServiceAccount exists${suggestion}`,
      });
    }
  },
});
