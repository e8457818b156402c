// Groups plain manifests (outside charts and kustomizations) into deployable sets, folder by folder from the leaves
// up. A folder's files and subfolders are applied together (`kubectl apply -R -f folder`) unless they redefine each
// other's objects: two definitions of one object never apply together, so such a folder holds alternatives (three
// all-in-one files side by side) or independent samples (sibling folders), and each stays a set of its own.
import path from 'node:path';

export interface PlainFile {
  /** Absolute path. */
  file: string;
  /** Identities of its objects (kind, namespace, name). */
  keys: readonly string[];
}

export interface PlainGroup {
  /** The folder, or the alternative file, that the set is named after. */
  root: string;
  files: string[];
  /** Why these files are one set, for `svclint sets`. */
  why: string;
}

interface Unit {
  root: string;
  files: string[];
  keys: readonly string[];
  why: string;
}

interface Folder {
  files: PlainFile[];
  children: Map<string, Folder>;
}

export function groupPlainFiles(files: readonly PlainFile[]): PlainGroup[] {
  if (files.length === 0) return [];
  const top = commonFolder(files.map((f) => path.dirname(f.file)));
  const tree: Folder = { files: [], children: new Map() };
  for (const f of files) {
    let node = tree;
    const relative = path.relative(top, path.dirname(f.file));
    for (const part of relative === '' ? [] : relative.split(path.sep)) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { files: [], children: new Map() }));
      node = child;
    }
    node.files.push(f);
  }
  const closed: Unit[] = [];
  const open = groupFolder(top, tree, closed);
  if (open) closed.push(open);
  return closed
    .map((u) => ({ root: u.root, files: [...u.files].sort(), why: u.why }))
    .sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** The folder's set when its parts can be applied together (null when it split), pushing finished sets to `closed`. */
function groupFolder(dir: string, folder: Folder, closed: Unit[]): Unit | null {
  const own: Unit[] = folder.files.map((f) => ({ root: f.file, files: [f.file], keys: f.keys, why: '' }));
  const children: Unit[] = [];
  for (const [name, child] of [...folder.children].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const unit = groupFolder(path.join(dir, name), child, closed);
    if (unit) children.push(unit);
  }
  const units = [...own, ...children];
  const clashes = collisions(units);
  if (clashes.size === 0) {
    if (units.length === 0) return null;
    // A folder whose only part is one subfolder's set (its siblings split): that subfolder stays the set's root.
    if (units.length === 1 && own.length === 0) return units[0]!;
    const files = units.flatMap((u) => u.files);
    const keys = units.flatMap((u) => u.keys);
    const why =
      units.length === 1 && units[0]!.why
        ? units[0]!.why
        : children.length === 0
          ? 'the manifests of this folder, applied together'
          : "the manifests of this folder and its subfolders, applied together (none redefines another's objects)";
    return { root: dir, files, keys, why };
  }
  for (const child of children) {
    const apart = clashes.has(child)
      ? `kept apart from its sibling folders (a sample or an alternative): ${clashes.get(child)}`
      : "kept apart from its sibling folders, which redefine each other's objects";
    closed.push({ ...child, why: `${child.why || 'a folder of manifests'}; ${apart}` });
  }
  const common = own.filter((u) => !clashes.has(u));
  const alternatives = own.filter((u) => clashes.has(u));
  for (const alternative of alternatives) {
    const files = [...common.flatMap((u) => u.files), ...alternative.files];
    closed.push({
      root: alternative.root,
      files,
      keys: [],
      why: `an alternative: ${clashes.get(alternative)}${common.length ? `; with the ${common.length} other file(s) of its folder` : ''}`,
    });
  }
  if (alternatives.length === 0 && common.length > 0) {
    closed.push({
      root: dir,
      files: common.flatMap((u) => u.files),
      keys: [],
      why: "the manifests of this folder; its subfolders redefine each other's objects and are sets of their own",
    });
  }
  return null;
}

/** The units that define an object another unit defines too, each with a description of one such object. */
function collisions(units: readonly Unit[]): Map<Unit, string> {
  const owner = new Map<string, Unit>();
  const clashes = new Map<Unit, string>();
  for (const unit of units) {
    for (const key of new Set(unit.keys)) {
      const first = owner.get(key);
      if (!first) owner.set(key, unit);
      else if (first !== unit) {
        if (!clashes.has(first))
          clashes.set(first, `${describeKey(key)} is defined again in ${path.basename(unit.root)}`);
        if (!clashes.has(unit)) clashes.set(unit, `redefines ${describeKey(key)} of ${path.basename(first.root)}`);
      }
    }
  }
  return clashes;
}

/** "Deployment shop/web" from the key "Deployment|shop|web". */
function describeKey(key: string): string {
  const [kind, namespace, name] = key.split('|');
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

export function objectKey(kind: string, namespace: string | null, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

function commonFolder(dirs: readonly string[]): string {
  let common = dirs[0]!;
  for (const dir of dirs) {
    while (dir !== common && !dir.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}
