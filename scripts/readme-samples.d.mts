// Types of scripts/readme-samples.mjs, for the test that keeps README.md's sample outputs true.
export declare const ROOT: string;
export declare const README: string;
export declare function sampleArgs(command: string): string[];
export declare function sampleCommands(readme: string): string[][];
export declare function renderSamples(readme: string, run: (args: string[]) => Promise<string>): Promise<string>;
