#!/usr/bin/env bash
# Proves the new-rule recipe of CONTRIBUTING.md: in a scratch copy of the checkout, copy a rule folder under a new id
# (with a digit, which ids may hold), rename its id, add its line to rules/index.ts, run `npm run update`, and the
# tests pass with no other edit. CI (.ci/run) runs it.
#
# It runs the tests a new rule can affect: the rule's own folder and the test files that read the rule registry,
# examples/broken, the goldens or the README (docs, examples, formats, SARIF, config schema, action, README samples,
# corpus and repositories, CLI, timing, suppressions). It leaves out the suites whose subject is not the rule set
# (property-based parsing, worker threads, install, loaders): the whole suite again would double CI's time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
from=${1:-workload-selector}
id=${2:-${from}-2}
parent=$(mktemp -d)
trap 'rm -rf "$parent"' EXIT
scratch=$parent/svclint
mkdir "$scratch"
# The corpus and repository tests read ../shared beside the checkout: the copy sees the same one.
[ -d "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$parent/shared"

# The checkout as it is (committed, edited and new files, not ignored ones); node_modules shared, dist/ rebuilt by npm run update.
git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$scratch"
ln -s "$root/node_modules" "$scratch/node_modules"
cd "$scratch"

cp -R "rules/$from" "rules/$id"
rm -f "rules/$id/README.md"
sed -i "s/id: '$from'/id: '$id'/" "rules/$id/index.ts"
grep -q "id: '$id'" "rules/$id/index.ts" || { echo "prove-extension: rules/$id/index.ts has no id: '$from' to rename"; exit 1; }
# One registry line (import and list entry), kept sorted by id.
node - "$from" "$id" <<'JS'
const { readFileSync, writeFileSync } = require('node:fs');
const [from, id] = process.argv.slice(2);
const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
let text = readFileSync('rules/index.ts', 'utf8');
text = text.replace(`import ${camel(from)} from './${from}/index.js';\n`, (line) => `${line}import ${camel(id)} from './${id}/index.js';\n`);
text = text.replace(`  ${camel(from)},\n`, (line) => `${line}  ${camel(id)},\n`);
if (!text.includes(`  ${camel(id)},\n`)) throw new Error(`rules/index.ts: no registry line of ${from} to follow`);
writeFileSync('rules/index.ts', text);
JS

npm run --silent update
npx vitest run "rules/$id" "rules/$from" test/rule-docs.test.ts test/examples.test.ts test/report-formats.test.ts \
  test/config.test.ts test/sarif.test.ts test/action.test.ts test/readme-samples.test.ts test/corpus.test.ts \
  test/sets-repos.test.ts test/cli.test.ts test/timing.test.ts test/suppress.test.ts
echo "prove-extension: a copy of $from as $id took its folder, one registry line and npm run update"
