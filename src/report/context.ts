// What every formatter receives besides the lint result.
import pc from 'picocolors';

export interface FormatContext {
  color: boolean;
  toolVersion: string;
}

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
