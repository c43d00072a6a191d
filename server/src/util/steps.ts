// How much of a check in steps runs between two pauses: the pace at which a server that checks a
// large plan still answers requests. Scheduling, not plan limits (those are the catalog's).

/** VMs checked between two pauses of a check in steps. */
export const VMS_PER_STEP = 5000;

/** Rules whose `check` runs between two pauses. */
export const RULES_PER_STEP = 8;
