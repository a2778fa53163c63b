import { createHash } from 'node:crypto';
import { type CfnResource, type CustomResource, Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import {
  createDeskbooksFunction,
  type FunctionEnvironmentProps,
  grantTableActions,
} from './deskbooks-function';

// Lambda's own limit: a migration reads the whole table, and a deploy waits for it.
const MIGRATION_TIMEOUT = Duration.minutes(15);

// What shared/migrations does: Scan (paginated) for items to move, read and write items, in
// transactions of Put and Update. No index, no delete, no secret.
const TABLE_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

export type DataMigrationProps = FunctionEnvironmentProps & {
  /** The Lambdas whose new code must be live before the data moves: old code would write old shapes. */
  runAfter: readonly lambda.Function[];
};

/** A fingerprint of the functions' code (their asset hashes), which changes with every deploy that ships code. */
const codeFingerprint = (scope: Construct, functions: readonly lambda.Function[]) => {
  // An asset's object key is its hash (AssetHashType.OUTPUT: of the bundle), so it changes with the code.
  const keys = functions.map(
    (fn) =>
      (Stack.of(scope).resolve((fn.node.defaultChild as lambda.CfnFunction).code) as { s3Key: string }).s3Key,
  );
  return createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32);
};

/**
 * The data migrations (functions/migrate) as a Lambda that CloudFormation runs during each deploy,
 * once the table exists and the API's functions run the new code. A failed run fails the deploy,
 * which CloudFormation rolls back; the migrations are idempotent, so the next deploy runs them again.
 */
export class DataMigration extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: DataMigrationProps) {
    super(scope, id);
    this.function = createDeskbooksFunction(this, 'Migrate', {
      ...props,
      name: 'migrate',
      description: 'Deskbooks migration: brings stored data to the shapes the deployed code reads',
      timeout: MIGRATION_TIMEOUT,
    });
    grantTableActions(this.function, props.table, TABLE_ACTIONS);
    const trigger = new triggers.Trigger(this, 'RunAfterDeploy', {
      handler: this.function,
      timeout: MIGRATION_TIMEOUT,
      invocationType: triggers.InvocationType.REQUEST_RESPONSE,
      executeAfter: [props.table, ...props.runAfter],
    });
    // A trigger runs again only when its properties change. Its handler's version changes with the
    // migrations' own code; naming every function's code too runs them once per deploy that ships
    // code, so whatever old code wrote while the deploy replaced it is moved as well.
    const run = (trigger.node.defaultChild as CustomResource).node.defaultChild as CfnResource;
    run.addPropertyOverride('DeployedCode', codeFingerprint(this, [this.function, ...props.runAfter]));
  }
}
