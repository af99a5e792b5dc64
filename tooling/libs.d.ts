export function libNames(root?: string): string[];
export function tsconfigPaths(libs?: string[]): Record<string, string[]>;
export function swcPaths(libs?: string[]): Record<string, string[]>;
export function jestModuleNameMapper(libs?: string[]): Record<string, string>;
export function nestProjects(libs?: string[]): Record<string, Record<string, string>>;
export function syncedConfigs(root?: string): Record<'tsconfig.json' | '.swcrc' | 'nest-cli.json', unknown>;
