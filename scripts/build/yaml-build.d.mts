export declare const YAML_BROWSER_ENTRY: string;
