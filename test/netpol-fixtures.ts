// Manifests for NetworkPolicy tests: a Deployment, a Namespace and a NetworkPolicy in a few words.

export const pod = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports = '            - name: http\n              containerPort: 8080',
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
${Object.entries(labels)
  .map(([k, v]) => `      ${k}: ${v}`)
  .join('\n')}
  template:
    metadata:
      labels:
${Object.entries(labels)
  .map(([k, v]) => `        ${k}: ${v}`)
  .join('\n')}
    spec:
      containers:
        - name: app
          image: example/app:1.0
          ports:
${ports}
`;

export const namespace = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}${
    Object.keys(labels).length
      ? `\n  labels:\n${Object.entries(labels)
          .map(([k, v]) => `    ${k}: ${v}`)
          .join('\n')}`
      : ''
  }
`;

export const policy = (name: string, ns: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec.replace(/^\n/, '').replace(/^/gm, '  ')}\n`;
