// --config (and the action's `config` input): accepted now so that hooks and workflows can name their file today;
// the configuration file format comes in a later release.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../load/inputs.js';

/**
 * Checks that the named configuration file exists and returns the note to show: it is not read yet. A missing file,
 * or a folder, is a usage error so that a typo does not go unnoticed once the file starts to matter.
 */
export async function checkConfigFile(file: string, cwd: string): Promise<string> {
  const info = await stat(path.resolve(cwd, file)).catch(() => null);
  if (!info) throw new UsageError(`config file ${file} does not exist`);
  if (!info.isFile()) throw new UsageError(`config file ${file} is not a file`);
  return `configuration files are not supported yet; ${file} was found but not read (built-in defaults apply)`;
}
