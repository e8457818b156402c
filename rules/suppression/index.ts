import { defineRule, REPOSITORY_URL } from '../../src/rule.js';

// The engine reports this rule's findings (src/suppress/apply.ts) after the other rules ran, since whether a
// directive suppressed anything is only known then: check() has nothing to do. Its findings cannot be suppressed.
export default defineRule({
  meta: {
    id: 'suppression',
    severity: 'warning',
    sarif: { tags: ['kubernetes', 'maintainability', 'suppression'] },
    description:
      'A suppression comment or svclint.dev/ignore annotation without a reason, naming an unknown rule, misplaced, or (with --report-unused-disable-directives) suppressing nothing.',
    rationale: `A suppression hides a finding from every later reader, so svclint asks each one to say why, after
\` -- \`: \`# svclint-disable-next-line orphan-service -- pods come from the operator\`. A directive without a reason
is still honoured (the finding stays suppressed), and this rule reports the missing reason, so \`--fail-on warning\`
can enforce reasons in CI.

It also reports what would otherwise fail silently: a rule id that is not a rule (a typo suppresses nothing; the
nearest id is suggested), an unknown \`svclint-\` word (\`svclint-disable-nextline\`), a \`svclint-disable\` that is not
at the top of a document (it covers a whole document, so it must come before the document's first key), a
\`svclint-disable-next-line\` with no YAML line after it in its document, and a \`svclint-disable-line\` on a line of
its own. With \`--report-unused-disable-directives\` it also reports each directive, annotation or rule id in one
that suppressed nothing, so stale suppressions are removed once the problem is fixed.

The findings of this rule cannot themselves be suppressed. See [Suppressing findings](${REPOSITORY_URL}#suppressing-findings).`,
    examples: {
      valid: [
        {
          title: 'A suppression with its reason',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: legacy-db
spec:
  # svclint-disable-next-line orphan-service -- the database runs outside Kubernetes; its Endpoints come from Terraform
  selector:
    app: legacy-db
  ports:
    - port: 5432
`,
        },
      ],
      invalid: [
        {
          title: 'A suppression without a reason (the orphan-service finding stays suppressed)',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: legacy-db
spec:
  # svclint-disable-next-line orphan-service
  selector:
    app: legacy-db
  ports:
    - port: 5432
`,
        },
        {
          title: 'A misspelt rule id, which would suppress nothing',
          yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  # svclint-disable-next-line dns-refrence -- the sidecar resolves this host
  mode: fast
`,
        },
      ],
    },
  },
  check() {},
});
