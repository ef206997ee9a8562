/**
 * The registry's tables. Every name starts with `registry_`, so they never meet another plugin's
 * tables in the shared database.
 */
export const tables = Object.freeze({
  models: 'registry_models',
  modelTags: 'registry_model_tags',
  versions: 'registry_versions',
  versionTags: 'registry_version_tags',
  aliases: 'registry_aliases',
  history: 'registry_history',
  versionDatasets: 'registry_version_datasets',
  purges: 'registry_purges',
  gcRuns: 'registry_gc_runs',
});
