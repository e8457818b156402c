import { defineRule } from '../../src/rule.js';

export default defineRule({
  meta: {
    id: 'parse-error',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'yaml'] },
    description: 'A file or YAML document that cannot be read as Kubernetes objects.',
    rationale: `kubectl refuses a file with a YAML syntax error, a duplicate key (strict decoding), or a document
that is a scalar or a list instead of an object, and an unrendered Helm template (\`{{ .Values.x }}\`) is not a
manifest at all. svclint reports each such problem at its exact position and goes on with the rest of the file
and the other files, so one bad document never hides the findings of the others.

Binary files, invalid UTF-8, YAML aliases that expand without bound (alias bombs) and collections nested more than
500 levels deep (which svclint does not analyse) are reported here too.
Helm charts must be rendered first: \`helm template . | svclint -\`.`,
    examples: {
      valid: [
        {
          title: 'Two well-formed documents',
          yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  greeting: "{{ not a template inside a string }}"
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
`,
        },
      ],
      invalid: [
        {
          title: 'A mapping key repeated in one object',
          yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  name: settings-v2
data:
  mode: fast
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const problem of model.loadProblems) {
      // Text that waits for another tool to fill it in is the placeholder rule's note, not an error.
      if (problem.placeholder) continue;
      report({ object: null, fileId: problem.fileId, range: problem.range, path: null, message: problem.message });
    }
  },
});
