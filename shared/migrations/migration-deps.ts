import type { Table } from '../db/table';

export type MigrationDeps = { table: Table; now: () => Date };

/** Who the audit trail names for what a migration wrote: no user did it. */
export const MIGRATION_ACTOR_ID = 'migration';
