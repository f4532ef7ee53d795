/**
 * Every activity the worker runs: the side effects (mail, documents, the register, the anslagstavla), each small
 * and idempotent. The appeal period needs none; the register and mail arrive with the reporting cycle.
 */
export {};
