// Types of scripts/gen-schema-validators.mjs for the tests that import it.
export declare const OUTFILE: string;
/** Export name of each precompiled validator: the schema definition it checks. */
export declare const VALIDATORS: Record<string, string>;
export declare const SCHEMA_FILES: readonly string[];
export declare function generate(): string;
