// The GitHub Action: lint the workspace's manifests, annotate the findings, write the job summary and the SARIF
// file for code scanning, set the outputs, and fail the step at the fail-on level.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import type { AnnotationProperties } from '@actions/core';
import { lintPaths } from '../lint-paths.js';
import { FAIL_ON, type FailOn, type Finding, type LintResult } from '../index.js';
import { UsageError } from '../input/inputs.js';
import { FORMAT_NAMES, formatters, type FormatName } from '../report/index.js';
import type { FormatContext } from '../report/context.js';
import { version } from '../version.js';
import type { RenderMode } from '../config/types.js';
import { parseKubernetesVersion, type KubernetesVersion } from '../settings.js';
import { rules } from '../../rules/index.js';
import { effectiveConfig, lintOptionsOf } from '../config/apply.js';
import { resolveConfigFile } from '../config/load.js';
import { summaryMarkdown } from './summary.js';

/** GitHub shows 10 error and 10 warning annotations per step inline; the log keeps the first this many. */
export const MAX_ANNOTATIONS = 50;

export interface ActionInputs {
  /** Empty: the configuration's include, else ".". */
  paths: string[];
  config: string | null;
  /** Unset: the configuration's failOn, else error. */
  failOn: FailOn | undefined;
  format: FormatName;
  sarifFile: string | null;
  namespace: string | undefined;
  /** Unset: the configuration's render, else auto. */
  render: RenderMode | undefined;
  /** Unset: the configuration's kubernetesVersion, else the newest svclint knows. */
  kubernetesVersion: KubernetesVersion | undefined;
  workingDirectory: string;
  annotations: boolean;
  /** Unset: the configuration's cache, else none. */
  cache: boolean | undefined;
  /** Relative to working-directory; unset: the configuration's cacheLocation, else .svclintcache in the workspace. */
  cacheLocation: string | undefined;
}

export function readInputs(): ActionInputs {
  const paths = core
    .getMultilineInput('paths')
    .flatMap((line) => line.split(/\s+/))
    .filter(Boolean);
  const failOn = (core.getInput('fail-on') || undefined) as FailOn | undefined;
  if (failOn !== undefined && !FAIL_ON.includes(failOn))
    throw new UsageError(`fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`);
  const format = (core.getInput('format') || 'stylish') as FormatName;
  if (!FORMAT_NAMES.includes(format))
    throw new UsageError(`format must be one of ${FORMAT_NAMES.join(', ')}, not "${format}"`);
  const annotations = core.getInput('annotations') === '' ? true : core.getBooleanInput('annotations');
  const render = (core.getInput('render') || undefined) as RenderMode | undefined;
  if (render !== undefined && render !== 'auto' && render !== 'never')
    throw new UsageError(`render must be auto or never, not "${render}"`);
  const versionInput = core.getInput('kubernetes-version');
  const kubernetesVersion = versionInput ? parseKubernetesVersion(versionInput) : undefined;
  if (typeof kubernetesVersion === 'string')
    throw new UsageError(`kubernetes-version: ${kubernetesVersion} (expected e.g. 1.34)`);
  return {
    paths,
    config: core.getInput('config') || null,
    failOn,
    format,
    sarifFile: core.getInput('sarif-file') || null,
    namespace: core.getInput('namespace') || undefined,
    render,
    kubernetesVersion,
    workingDirectory: core.getInput('working-directory') || '.',
    annotations,
    cache: core.getInput('cache') === '' ? undefined : core.getBooleanInput('cache'),
    cacheLocation: core.getInput('cache-location') || undefined,
  };
}

export async function runAction(): Promise<void> {
  try {
    const inputs = readInputs();
    const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
    const workdir = path.resolve(workspace, inputs.workingDirectory);
    // The configuration file: the `config` input (relative to working-directory), else the one found from
    // working-directory up to the repository root, as the CLI finds it. Inputs the workflow sets override it.
    const file = await resolveConfigFile({ explicit: inputs.config, start: workdir, cwd: workspace, rules });
    if (file) core.info(`svclint: configuration ${file.displayPath}`);
    const overrides = {
      ...(inputs.namespace && { defaultNamespace: inputs.namespace }),
      ...(inputs.failOn && { failOn: inputs.failOn }),
      ...(inputs.render && { render: inputs.render }),
      ...(inputs.kubernetesVersion && { kubernetesVersion: inputs.kubernetesVersion }),
      ...(inputs.cache !== undefined && { cache: inputs.cache }),
      ...(inputs.cacheLocation && { cacheLocation: relativeTo(workspace, workdir, inputs.cacheLocation) }),
    };
    const config = effectiveConfig(file, overrides, workspace, rules);
    // Paths are given relative to working-directory, but findings, annotations and SARIF name files relative to
    // the workspace (the repository root), which is what GitHub resolves them against. The configuration's include
    // is relative to its own folder (effectiveConfig rebases it onto the workspace).
    const paths =
      inputs.paths.length > 0
        ? inputs.paths.map((p) => relativeTo(workspace, workdir, p))
        : config.include.length > 0
          ? config.include
          : [relativeTo(workspace, workdir, '.')];
    const result = await lintPaths(paths, { ...lintOptionsOf(config, rules), cwd: workspace });
    if (result.cache?.writeError)
      core.warning(
        `svclint: cannot write the cache ${path.relative(workspace, result.cache.file!)}: ${result.cache.writeError}`,
      );
    const context: FormatContext = { color: !process.env.NO_COLOR, toolVersion: version };

    const log = formatters[inputs.format](result, { ...context, color: context.color && inputs.format === 'stylish' });
    if (log) core.info(log.trimEnd());

    // The github format prints its own workflow commands: annotating as well would show every finding twice.
    if (inputs.annotations && inputs.format !== 'github') annotate(result.findings);

    let sarifPath: string | null = null;
    if (inputs.sarifFile) sarifPath = await writeSarif(result, context, workspace, inputs.sarifFile);

    await writeSummary(result, sarifPath);

    const { errors, warnings, notes } = result.summary;
    core.setOutput('errors', errors);
    core.setOutput('warnings', warnings);
    core.setOutput('notes', notes);
    core.setOutput('sarif-file', sarifPath ?? '');

    const failing = failingCount(result, config.failOn);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const counts = `(${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')})`;
    if (failing > 0) {
      core.setFailed(`svclint: ${plural(failing, 'finding')} at or above fail-on level "${config.failOn}" ${counts}`);
    } else if (config.maxWarnings !== undefined && warnings > config.maxWarnings) {
      core.setFailed(
        `svclint: ${plural(warnings, 'warning')}, more than maxWarnings (${config.maxWarnings}) ${counts}`,
      );
    }
  } catch (error) {
    // One line per problem (an invalid configuration file has several).
    if (error instanceof UsageError)
      core.setFailed(
        error.message
          .split('\n')
          .map((line) => `svclint: ${line}`)
          .join('\n'),
      );
    else
      core.setFailed(
        `svclint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
  }
}

/** A path given relative to the working directory, as a path (or glob) relative to the workspace. */
export function relativeTo(workspace: string, workdir: string, p: string): string {
  if (path.isAbsolute(p)) return p;
  const base = path.relative(workspace, workdir).split(path.sep).join('/');
  if (base === '') return p;
  return p === '.' ? base : `${base}/${p.replace(/^\.\//, '')}`;
}

export function annotate(findings: readonly Finding[]): void {
  for (const f of findings.slice(0, MAX_ANNOTATIONS)) {
    const properties: AnnotationProperties = { title: f.ruleId, file: f.file, startLine: f.line, endLine: f.endLine };
    // GitHub honours columns only within one line.
    if (f.line === f.endLine) Object.assign(properties, { startColumn: f.column, endColumn: f.endColumn });
    const related = f.related.map((r) => `\n${r.file}:${r.line}:${r.column}: ${r.message}`).join('');
    const message = `${f.message}${related}`;
    if (f.severity === 'error') core.error(message, properties);
    else if (f.severity === 'warning') core.warning(message, properties);
    else core.notice(message, properties);
  }
  if (findings.length > MAX_ANNOTATIONS) {
    core.info(
      `svclint: annotated the first ${MAX_ANNOTATIONS} of ${findings.length} findings; the job summary and the SARIF file have them all`,
    );
  }
}

async function writeSarif(
  result: LintResult,
  context: FormatContext,
  workspace: string,
  file: string,
): Promise<string | null> {
  const absolute = path.resolve(workspace, file);
  try {
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, formatters.sarif(result, { ...context, color: false }));
  } catch (error) {
    throw new UsageError(`sarif-file ${file}: cannot write it: ${(error as Error).message}`);
  }
  core.info(`svclint: wrote ${file} (upload it with github/codeql-action/upload-sarif)`);
  return file;
}

async function writeSummary(result: LintResult, sarifFile: string | null): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('svclint: GITHUB_STEP_SUMMARY is not set; no job summary written');
    return;
  }
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = process.env;
  const blobUrl = server && repo && sha ? `${server}/${repo}/blob/${sha}/` : null;
  await core.summary.addRaw(summaryMarkdown(result, { toolVersion: version, blobUrl, sarifFile }), true).write();
}

function failingCount(result: LintResult, failOn: FailOn): number {
  const { errors, warnings, notes } = result.summary;
  switch (failOn) {
    case 'none':
      return 0;
    case 'note':
      return errors + warnings + notes;
    case 'warning':
      return errors + warnings;
    case 'error':
      return errors;
  }
}
