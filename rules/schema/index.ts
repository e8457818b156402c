import { defineRule, at } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import type { ManifestObject } from '../../src/model/types.js';

export default defineRule({
  meta: {
    id: 'schema',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'schema'] },
    description:
      'A field svclint reads whose value has the wrong type, is missing though required, or is not an allowed value.',
    rationale: `The API server decodes each object into its Go types before it validates anything: a port written as a
string (\`port: "80"\`), a label value that is a number (\`version: 1.0\`) or a selector written as a list cannot be
decoded ("cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32"), and the whole
object is rejected. Required fields (a Service port's \`port\`, a container port's \`containerPort\`, a container's
\`name\`, an apps/v1 workload's \`template\` and its \`containers\`, an env var's \`name\`) and enums (\`protocol\`
must be \`TCP\`, \`UDP\` or \`SCTP\`, case-sensitive) are checked by validation (\`validateServicePort\`,
\`validateContainerPorts\`, \`ValidatePodSpec\` in pkg/apis/core/validation).

svclint checks the fields it reads of each kind it models against small JSON Schemas taken from Kubernetes'
OpenAPI (schemas/kubernetes, with their sources), and reports the exact node, so that no other rule works from a
value Kubernetes would never accept. Unknown fields are never reported (newer API versions and CRDs add fields),
and custom resources are not checked. A quoted number where an int-or-string is allowed (\`targetPort: "8080"\`)
is a string, not a schema error (see port-name). Values are read as Kubernetes reads YAML 1.1, so
\`manualSelector: yes\` is a boolean.

Two validations that no schema expresses are checked here too. \`ValidatePodSpec\` gives containers and init
containers one set of names: \`validateInitContainers\` starts from the names of the regular containers and rejects
an init container (sidecars included) that repeats one, and \`validateContainers\` rejects a repeated name among
the containers (\`field.Duplicate(idxPath.Child("name"), ctr.Name)\`, "Duplicate value"); the later name is
reported. \`ValidateObjectMeta\` (apimachinery) requires a name: "name or generateName is required"; and
\`kubectl apply\` needs \`metadata.name\` itself (a \`generateName\` only works with \`kubectl create\`), so an
object with neither is an error. This is checked for the kinds svclint models (Services, workloads, ConfigMaps,
Ingresses, routes): other files with an \`apiVersion\` and a \`kind\`, such as a kind cluster config or a kubeconfig,
are not API objects.

A workload with any of these errors (or a port-name or workload-selector error, or an apiVersion the cluster does
not serve) is rejected as a whole: it makes no pods, so it is no endpoint of any Service (orphan-service says so).`,
    examples: {
      valid: [
        {
          title: 'Ports as numbers, a named targetPort and label values quoted as strings',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    version: "1.0"
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
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
`,
        },
      ],
      invalid: [
        {
          title: 'A container port written as a string',
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
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: "8080"
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const object of model.objects) {
      for (const problem of object.schemaProblems ?? []) {
        report(
          at(
            object,
            problem.range,
            problem.path,
            `${objectName(object)} ${problem.message}; the API server rejects it`,
          ),
        );
      }
    }
  },
});

function objectName(object: ManifestObject): string {
  return object.name ? `${object.kind} ${qualifiedName(object)}` : `${object.kind} (unnamed)`;
}
