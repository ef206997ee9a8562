/**
 * Stable codes of kernel errors, each documented in docs/errors.md (a test checks both ways).
 * Retired codes are never reused.
 */
export const kernelErrorCodes = {
  PLUGIN_DUPLICATE_NAME: 'two plugins in one kernel have the same name',
  PLUGIN_API_MISMATCH: "a plugin's apiVersion range does not include the installed plugin-api",
  PLUGIN_BAD_OPTIONS: "a plugin's options do not match its configSchema",
  PLUGIN_DUPLICATE_PROVIDER:
    "two plugins provide a port that allows one provider, or a plugin provides a kernel's port",
  PLUGIN_MISSING_PROVIDER: 'a plugin requires a port that no plugin provides',
  PLUGIN_CYCLE: "plugins depend on each other's ports in a cycle",
  PLUGIN_UNDECLARED_PORT: 'a plugin used or provided a port its manifest does not declare',
  PLUGIN_PROVIDE_MISSING: 'a plugin declared a port in provides but did not provide it during setup',
  PLUGIN_SETUP_FAILED: "a plugin's setup threw",
  PLUGIN_START_FAILED: "a plugin's start threw; the plugins already started were stopped",
  PLUGIN_STOP_FAILED: "one or more plugins' stop or close handlers threw",
  KERNEL_STATE: 'a lifecycle method was called in a state that does not allow it',
} as const;

/** A stable kernel error code. */
export type KernelErrorCode = keyof typeof kernelErrorCodes;
