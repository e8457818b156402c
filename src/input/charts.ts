// Helm charts in the input: a folder with a Chart.yaml. Its templates are not YAML until rendered.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Which folders are charts, looked up once per folder. */
export class ChartFolders {
  private readonly known = new Map<string, boolean>();

  /** The outermost chart folder the file lies in (a subchart under charts/ is part of its parent), or null. */
  chartOf(file: string): string | null {
    let chart: string | null = null;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (this.isChart(dir)) chart = dir;
      if (path.dirname(dir) === dir) return chart;
    }
  }

  /** Whether the file lies in the templates/ folder of a chart. */
  inTemplates(file: string): boolean {
    for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      if (path.basename(dir) === 'templates' && this.isChart(path.dirname(dir))) return true;
    }
    return false;
  }

  isChart(dir: string): boolean {
    let known = this.known.get(dir);
    if (known === undefined) {
      known = existsSync(path.join(dir, 'Chart.yaml'));
      this.known.set(dir, known);
    }
    return known;
  }
}
