// The --cache file: each file's model, kept between runs and reused while the file's bytes, svclint and the settings
// that decide modelling stay the same. Analysis and rules always run on the whole set; only reading and modelling
// are saved. Models are packed with V8's serializer, the structured clone that carries them from the worker threads.
//
// A cache that cannot be trusted (missing, truncated, corrupt, of another svclint, format or settings, written by
// two processes at once) is ignored as a whole: every file is modelled again and the file is rewritten. Writes go to
// a temporary file beside it that is renamed over it, so a reader sees a whole old or a whole new cache.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { version } from '../version.js';
import type { InputFile } from './inputs.js';
import type { FileModel } from '../model/build.js';
import type { ManifestObject } from '../model/types.js';

/** The cache file's name in the working directory (or in the folder --cache-location names). */
export const DEFAULT_CACHE_FILE = '.svclintcache';

/** The first bytes of every cache file; the digit is the layout's version (a new layout makes old files foreign). */
const MAGIC = Buffer.from('svclint cache 1\n', 'latin1');
/** Header length after the magic, and the CRC-32 of everything before it at the end. */
const U32 = 4;

/** A file's model as the cache keeps it: packed, and once unpacked (or just modelled) the live model too. */
interface Entry {
  displayPath: string;
  hash: string;
  packed: Uint8Array;
  /** Read or written by this run: kept when the cache is saved. */
  used: boolean;
}

/** The header after the magic: who wrote the cache, for which settings, and each entry's place in the body. */
interface Header {
  key: string;
  /** [path, displayPath, hash, length of the packed model]; the packed models follow the header in this order. */
  entries: [string, string, string, number][];
}

/** The hash of a file's bytes that its cached model is kept under. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** A file model as bytes: the structured clone the worker threads send it as. */
export function packModel(model: FileModel): Uint8Array {
  return serialize(model);
}

/**
 * A packed model as file `fileId` of this run (a file's id is its place in the input, which changes when files are
 * added or removed before it). Its objects' `order` counts from 0 in the file, as modelFile gives it.
 */
export function unpackModel(packed: Uint8Array, fileId: number): FileModel {
  const model = deserialize(packed) as FileModel;
  return model.file.id === fileId ? model : withFileId(model, fileId);
}

/** The model, changed in place, as file `fileId`: the file, its objects (and a LeaderWorkerSet's leaders) and problems. */
export function withFileId(model: FileModel, fileId: number): FileModel {
  model.file.id = fileId;
  const move = (o: ManifestObject) => {
    o.fileId = fileId;
    if (o.category === 'workload' && o.leaderPods) o.leaderPods.fileId = fileId;
  };
  for (const o of model.objects) move(o);
  for (const p of model.problems) p.fileId = fileId;
  return model;
}

/**
 * The key one cache is valid for: the cache layout, svclint's version and code, the Node.js version, and the
 * settings given (any option that may change how a file is modelled: the default namespace, the cluster settings,
 * the render mode, configured sets and charts). A different key makes the whole cache foreign.
 */
export function cacheKey(settings: Readonly<Record<string, unknown>>): string {
  const identity = {
    layout: MAGIC.toString('latin1').trim(),
    version,
    code: codeIdentity(),
    node: process.versions.node,
    settings,
  };
  return createHash('sha256').update(stableJson(identity)).digest('base64');
}

/** JSON with object keys sorted, so that equal settings give one key whatever order they were written in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

let code: string | undefined;

/**
 * The code that models files, as a hash of its text: a build with another model must not read this one's cache,
 * though the package version stays the same between development builds. That is this module's folder (the
 * bundled CLI or action, whose files hold all of svclint; or the input folder of the compiled package) and, beside
 * it in the compiled package, the model, the readers of YAML and of suppression comments, and positions.
 */
function codeIdentity(): string {
  if (code !== undefined) return code;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const dir of [
    here,
    path.join(here, '..', 'model'),
    path.join(here, '..', 'load'),
    path.join(here, '..', 'suppress'),
    path.join(here, '..', 'position'),
  ]) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => /\.(m?js|ts)$/.test(n) && !n.endsWith('.d.ts'))
        .sort();
    } catch {
      continue; // not in this layout
    }
    for (const name of names) {
      hash.update(`${path.basename(dir)}/${name}\0`);
      try {
        hash.update(readFileSync(path.join(dir, name)));
      } catch {
        hash.update('unreadable');
      }
    }
  }
  return (code = hash.digest('base64'));
}

/** --cache-location: a file, or a folder (existing, or written with a trailing slash) to keep .svclintcache in. */
export async function cacheFileOf(location: string | undefined, cwd: string): Promise<string> {
  if (location === undefined || location === '') return path.join(cwd, DEFAULT_CACHE_FILE);
  const absolute = path.resolve(cwd, location);
  if (/[\\/]$/.test(location)) return path.join(absolute, DEFAULT_CACHE_FILE);
  const info = await stat(absolute).catch(() => null);
  return info?.isDirectory() ? path.join(absolute, DEFAULT_CACHE_FILE) : absolute;
}

/** What the reading layer asks of the models kept from earlier runs (the --cache file, --watch's memory). */
export interface KeptModels {
  /** A model known to be current without reading the file (--watch: it did not change since), else undefined. */
  current(input: InputFile, fileId: number): Promise<FileModel | undefined>;
  /** The model of these bytes of the file as file `fileId`, else undefined. */
  lookup(input: InputFile, hash: string, fileId: number): FileModel | undefined;
  /**
   * Keeps the model of these bytes, given before assembleModel numbers its objects; `packed` when it came packed
   * from a worker thread.
   */
  store(input: InputFile, hash: string, model: FileModel, packed?: Uint8Array): void;
  /** Whether store keeps packed models (the worker threads then send them packed). */
  readonly packs: boolean;
  stats(): CacheStats;
}

export interface CacheStats {
  /** The cache file; null for --watch's memory alone. */
  file: string | null;
  /** Why the file there was not used ("missing", "not a svclint cache", ...); null when it was read. */
  ignored: string | null;
  /** Files whose model came from the cache, and files modelled (and added to it). */
  hits: number;
  misses: number;
}

/** The models of one cache file; `lookup` and `store` per file while reading, then `save`. */
export class ModelCache implements KeptModels {
  readonly packs = true;
  private readonly entries: Map<string, Entry>;
  private changed = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly file: string,
    private readonly key: string,
    entries: Map<string, Entry>,
    /** Why the file on disk was not used; null when it was. */
    readonly ignored: string | null,
  ) {
    this.entries = entries;
    if (ignored !== null) this.changed = true;
  }

  /** Reads the cache file; one that cannot be trusted gives an empty cache (never an error). */
  static async open(file: string, key: string): Promise<ModelCache> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return new ModelCache(
        file,
        key,
        new Map(),
        code === 'ENOENT' ? 'missing' : `unreadable (${code ?? (error as Error).message})`,
      );
    }
    const read = readEntries(bytes, key);
    return typeof read === 'string'
      ? new ModelCache(file, key, new Map(), read)
      : new ModelCache(file, key, read, null);
  }

  current(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  /** The model cached for this content of the file, as file `fileId`; undefined when there is none. */
  lookup(input: InputFile, hash: string, fileId: number): FileModel | undefined {
    const entry = this.entries.get(input.path);
    if (!entry || entry.hash !== hash || entry.displayPath !== input.displayPath) return undefined;
    let model: FileModel;
    try {
      model = unpackModel(entry.packed, fileId);
    } catch {
      // Unreachable for a file whose checksum held; still never a crash: model the file again.
      this.entries.delete(input.path);
      this.changed = true;
      return undefined;
    }
    entry.used = true;
    this.hits++;
    return model;
  }

  store(input: InputFile, hash: string, model: FileModel, packed?: Uint8Array): void {
    this.entries.set(input.path, {
      displayPath: input.displayPath,
      hash,
      packed: packed ?? packModel(model),
      used: true,
    });
    this.misses++;
    this.changed = true;
  }

  stats(): CacheStats {
    return { file: this.file, ignored: this.ignored, hits: this.hits, misses: this.misses };
  }

  /**
   * Writes the cache when it changed: the entries of this run and those of files not read now that still exist
   * (another run may lint them), atomically. Returns why it could not be written, or null.
   */
  async save(): Promise<string | null> {
    const unused = [...this.entries].filter(([, e]) => !e.used);
    const gone = await Promise.all(
      unused.map(([file]) =>
        stat(file).then(
          (s) => !s.isFile(),
          () => true,
        ),
      ),
    );
    unused.forEach(([file], i) => gone[i] && this.entries.delete(file));
    if (!this.changed && !gone.includes(true)) return null;
    const header: Header = { key: this.key, entries: [] };
    const body: Uint8Array[] = [];
    for (const [file, entry] of this.entries) {
      header.entries.push([file, entry.displayPath, entry.hash, entry.packed.byteLength]);
      body.push(entry.packed);
    }
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const headerLength = Buffer.alloc(U32);
    headerLength.writeUInt32LE(headerBytes.length);
    const parts = [MAGIC, headerLength, headerBytes, ...body];
    const checksum = Buffer.alloc(U32);
    checksum.writeUInt32LE(parts.reduce((crc, part) => crc32(part, crc), 0));
    const temporary = `${this.file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(temporary, Buffer.concat([...parts, checksum]), { flag: 'wx' });
      await rename(temporary, this.file);
      this.changed = false;
      return null;
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {});
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : (error as Error).message;
    }
  }
}

/** The entries of a cache file, or why it cannot be used. */
function readEntries(bytes: Buffer, key: string): Map<string, Entry> | string {
  if (bytes.length < MAGIC.length + 2 * U32 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    return bytes.subarray(0, 8).toString('latin1').startsWith('svclint')
      ? 'written by another svclint'
      : 'not a svclint cache';
  }
  const end = bytes.length - U32;
  if (crc32(bytes.subarray(0, end)) !== bytes.readUInt32LE(end)) return 'corrupt or truncated';
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const bodyStart = MAGIC.length + U32 + headerLength;
  if (bodyStart > end) return 'corrupt or truncated';
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', MAGIC.length + U32, bodyStart)) as Header;
  } catch {
    return 'corrupt or truncated';
  }
  if (header.key !== key) return 'written by another svclint or for other settings';
  if (!Array.isArray(header.entries)) return 'corrupt or truncated';
  const entries = new Map<string, Entry>();
  let offset = bodyStart;
  for (const item of header.entries) {
    if (!Array.isArray(item) || item.length !== 4) return 'corrupt or truncated';
    const [file, displayPath, hash, length] = item;
    if (
      typeof file !== 'string' ||
      typeof displayPath !== 'string' ||
      typeof hash !== 'string' ||
      !Number.isSafeInteger(length) ||
      length < 0
    )
      return 'corrupt or truncated';
    if (offset + length > end) return 'corrupt or truncated';
    entries.set(file, { displayPath, hash, packed: bytes.subarray(offset, offset + length), used: false });
    offset += length;
  }
  return offset === end ? entries : 'corrupt or truncated';
}

/** A file's model in --watch's memory, with what its file was when it was read. */
interface Known {
  displayPath: string;
  hash: string;
  /** Size, modification and change times and inode, taken before the file was read; "" when unknown. */
  signature: string;
  model: FileModel;
}

/**
 * --watch: the models of the last run stay in memory, and a file is read again only when the watcher saw it change
 * or its size, times or inode differ (a missed event); a file whose bytes turn out the same is not modelled again.
 * With --cache the cache file is read once, at the first run, and written after each run that changed it.
 */
export class WatchModels implements KeptModels {
  private readonly known = new Map<string, Known>();
  private changedFiles = new Set<string>();
  private everything = false;
  private run = {
    changed: new Set<string>(),
    everything: false,
    signatures: new Map<string, string>(),
    seen: new Set<string>(),
  };
  private hits = 0;
  private misses = 0;
  /** The cache file (--cache), once opened. */
  disk: ModelCache | null = null;

  get packs(): boolean {
    return this.disk !== null;
  }

  /** The watcher saw this file change; null: something changed that it cannot name (read every file again). */
  changed(file: string | null): void {
    if (file === null) this.everything = true;
    else this.changedFiles.add(file);
  }

  /** Before a run: the changes seen so far are this run's; those seen from now on, the next one's. */
  startRun(): void {
    this.run = { changed: this.changedFiles, everything: this.everything, signatures: new Map(), seen: new Set() };
    this.changedFiles = new Set();
    this.everything = false;
    this.hits = 0;
    this.misses = 0;
  }

  /** After a run: the models of files it did not read (removed, excluded now) are dropped. */
  endRun(): void {
    for (const file of this.known.keys()) if (!this.run.seen.has(file)) this.known.delete(file);
  }

  async current(input: InputFile, fileId: number): Promise<FileModel | undefined> {
    this.run.seen.add(input.path);
    // Taken before the file is read: a change during the read shows in the next run's signature.
    const info = await stat(input.path, { bigint: true }).catch(() => null);
    if (!info) return undefined;
    const signature = `${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}:${info.dev}`;
    this.run.signatures.set(input.path, signature);
    const known = this.known.get(input.path);
    if (
      !known ||
      this.run.everything ||
      this.run.changed.has(input.path) ||
      known.displayPath !== input.displayPath ||
      known.signature !== signature
    )
      return undefined;
    this.hits++;
    return withFileId(known.model, fileId);
  }

  lookup(input: InputFile, hash: string, fileId: number): FileModel | undefined {
    this.run.seen.add(input.path);
    const signature = this.run.signatures.get(input.path) ?? '';
    const known = this.known.get(input.path);
    if (known && known.hash === hash && known.displayPath === input.displayPath) {
      known.signature = signature;
      this.hits++;
      return withFileId(known.model, fileId);
    }
    const model = this.disk?.lookup(input, hash, fileId);
    if (!model) return undefined;
    this.known.set(input.path, { displayPath: input.displayPath, hash, signature, model });
    this.hits++;
    return model;
  }

  store(input: InputFile, hash: string, model: FileModel, packed?: Uint8Array): void {
    this.run.seen.add(input.path);
    this.known.set(input.path, {
      displayPath: input.displayPath,
      hash,
      signature: this.run.signatures.get(input.path) ?? '',
      model,
    });
    this.disk?.store(input, hash, model, packed);
    this.misses++;
  }

  stats(): CacheStats {
    return { file: this.disk?.file ?? null, ignored: this.disk?.ignored ?? null, hits: this.hits, misses: this.misses };
  }
}
