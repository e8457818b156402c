// Types of scripts/bundle-action.mjs, for the tests that bundle with it.
export declare const OUTFILE: string;
/** The bundle's text (nothing is written). */
export declare function bundle(options?: { entry?: string; banner?: string }): Promise<string>;
