/** Version of the telemetry contract. It appears in every topic (`manufacto/v1/…`) and every payload (`v`). */
export const CONTRACT_VERSION = 1 as const;

/** Root of every Manufacto topic; a breaking change to the contract bumps the `v1` segment. */
export const TOPIC_ROOT = `manufacto/v${CONTRACT_VERSION}` as const;
