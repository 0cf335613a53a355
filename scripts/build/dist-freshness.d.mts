// Types of dist-freshness.mjs (plain JavaScript: the bin reads it before anything is compiled).
export declare const repoRoot: string;
export declare const distStamp: string;
export declare function newestInput(root?: string): number;
export declare function distIsStale(root?: string): boolean;
