// The configuration file as svclint uses it: validated, with defaults still unapplied.
import type { ExternalWorkload } from '../model/build.js';
import type { Severity } from '../model/types.js';
import type { FailOn } from '../lint.js';
import type { KubernetesVersion, NodePortRange } from '../settings.js';

export type RuleSeverity = Severity | 'off';

/** One rule's configured severity and options ({} when none). */
export interface RuleSetting {
  severity: RuleSeverity;
  options: Record<string, unknown>;
}

/** A configuration file, read and validated. Patterns are as written, relative to `dir`. */
export interface ConfigFile {
  /** Absolute path of the file. */
  path: string;
  /** Its folder: include, exclude and context are relative to it. */
  dir: string;
  /** Relative to the working directory, for messages. */
  displayPath: string;
  /** Where each line of the file starts (positions of related locations at externalWorkloads). */
  lineStarts: ArrayLike<number>;
  /** The rules it sets, by id. */
  rules: Record<string, RuleSetting>;
  nodePortRange?: NodePortRange;
  clusterDomain?: string;
  kubernetesVersion?: KubernetesVersion;
  defaultNamespace?: string;
  include?: string[];
  exclude?: string[];
  context?: string[];
  failOn?: FailOn;
  maxWarnings?: number;
  externalWorkloads?: ExternalWorkload[];
  render?: RenderMode;
  sets?: ConfiguredSet[];
  charts?: ConfiguredChart[];
  cache?: boolean;
  /** As written, relative to `dir`. */
  cacheLocation?: string;
}

/** How `helm template` renders a chart of the input: one entry, one set (list a chart twice for two value sets). */
export interface ConfiguredChart {
  /** The chart folder (relative to the configuration file's folder; relative to cwd once applied). */
  path: string;
  /** Default: the chart folder's name. */
  release?: string;
  /** Default: defaultNamespace. */
  namespace?: string;
  /** Value files, in order (relative like path). */
  values?: string[];
}

export type RenderMode = 'auto' | 'never';

/** A deployable set named in the configuration: plain manifests matched by its globs are linted together. */
export interface ConfiguredSet {
  name: string;
  /** Files, folders or globs, relative to the configuration file's folder (relative to cwd once applied). */
  include: string[];
}
