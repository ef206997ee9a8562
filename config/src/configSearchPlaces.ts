/**
 * The file names looked for in each directory, first match wins. `package.json` counts only when
 * it has an `mlops` key.
 */
export const configSearchPlaces = [
  'mlops.config.ts',
  'mlops.config.mts',
  'mlops.config.js',
  'mlops.config.mjs',
  'mlops.config.cjs',
  'mlops.config.json',
  'mlops.config.yaml',
  'mlops.config.yml',
  'package.json',
] as const;
