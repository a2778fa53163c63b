import { runMigrations } from '../../shared/migrations/run-migrations';
import { runtime } from '../../shared/runtime';

// Not an API route: each deploy runs it once the table and the API's Lambdas are in place (a CDK
// trigger, infra/data-migration.ts), and `npm start` runs it before serving. A failure fails the
// deploy; the report it returns (counts and names, nothing secret) lands in the deploy's log.
export const handler = async () => {
  const report = await runMigrations(runtime);
  runtime.log.info('Migrations done', { ...report });
  return report;
};
