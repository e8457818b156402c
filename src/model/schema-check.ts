// Schema checks of the fields svclint reads, while the YAML nodes are still at hand (filled in by the schema rule's work).
import type { YAMLMap } from 'yaml';
import type { NodeReader } from './nodes.js';
import type { ManifestObject, SchemaProblem } from './types.js';

export function checkSchema(_object: ManifestObject, _node: YAMLMap, _reader: NodeReader): SchemaProblem[] {
  return [];
}
