export declare const packageOf: (specifier: string) => string;
export declare function bundleExternals(root: string, options: { requireCalls: boolean }): string[];
