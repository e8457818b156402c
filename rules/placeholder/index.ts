import { defineRule } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { listing } from '../../src/strings.js';
import type { ManifestObject } from '../../src/model/types.js';

/** Fields a note names before it says how many more there are. */
const MAX_FIELDS_NAMED = 3;

export default defineRule({
  meta: {
    id: 'placeholder',
    severity: 'note',
    description:
      'Values that another tool fills in before the manifest is applied (envsubst, a templating step), which svclint therefore did not check.',
    rationale: `Many repositories keep manifests with placeholders that a deployment step replaces: envsubst's
\`\${VAR}\` and \`\${VAR:-default}\`, \`{{VAR}}\` or \`{{ VAR }}\` of a simple templating step, or a bare name such as
\`PORT\` where a number belongs, to be replaced by hand. As written, \`port: \${PORT}\` is a string where Kubernetes
wants an integer and \`name: {{NAME}}-web\` is not even valid YAML; after the step they are fine. Reporting them as
errors would be wrong, and so would guessing their values.

svclint treats a field that holds a placeholder as unknown: the \`schema\` rule and every other rule say nothing
about it, and the rest of the object is still analysed (a Service with \`port: \${PORT}\` still selects its pods).
This rule leaves one **note** per object that names the placeholders and the fields that were not checked. A
document that is not valid YAML until its \`{{VAR}}\` placeholders are filled in is one note and is not analysed.
kustomize's placeholder objects, named \`_\` (a patch or replacement gives them their real name), are skipped the
same way, with a note.

Shell variables in \`command\`, \`args\`, ConfigMap and Secret \`data\` and in block scalars are the program's own
syntax, not placeholders, and are not reported. Helm templates (\`{{ .Values.x }}\`, \`{{- if }}\`,
\`{{ include "x" . }}\`) are not manifests at all: see parse-error, and render them first with \`helm template\`.`,
    examples: {
      valid: [
        {
          title: "Shell variables in a command are the program's own, not placeholders",
          yaml: `apiVersion: v1
kind: Pod
metadata:
  name: migrate
spec:
  containers:
    - name: migrate
      image: migrate:1.4
      command: ["sh", "-c", "migrate --database \${DATABASE_URL} up"]
`,
        },
      ],
      invalid: [
        {
          title: 'Replicas and image filled in by envsubst',
          yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: \${REPLICAS}
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
          image: \${IMAGE}
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const problem of model.loadProblems) {
      if (problem.placeholder)
        report({ object: null, fileId: problem.fileId, range: problem.range, path: null, message: problem.message });
    }
    for (const object of model.objects) {
      const placeholders = object.placeholders;
      if (!placeholders) continue;
      // One note per object, at its first placeholder; path null, as it covers several fields.
      report({ object, fileId: object.fileId, range: placeholders[0]!.range, path: null, message: noteOf(object) });
    }
  },
});

function noteOf(object: ManifestObject): string {
  const placeholders = object.placeholders!;
  const tokens = [...new Set(placeholders.flatMap((p) => p.tokens))];
  const paths = placeholders.map((p) => p.path);
  const named =
    paths.length > MAX_FIELDS_NAMED
      ? [...paths.slice(0, MAX_FIELDS_NAMED), `${paths.length - MAX_FIELDS_NAMED} more`]
      : paths;
  const name = object.name ? `${object.kind} ${qualifiedName(object)}` : `${object.kind} (unnamed)`;
  const plural = tokens.length === 1 ? '' : 's';
  return `${name} holds placeholder${plural} ${listing(tokens)}, filled in before the manifest is applied (by envsubst, a templating step or by hand), so ${listing(named)} ${paths.length === 1 ? 'was' : 'were'} not checked`;
}
