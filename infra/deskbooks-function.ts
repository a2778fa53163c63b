import type { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type FunctionName, HANDLER, handlerCode } from './lambda-bundling';

export type IntuitEnvironment = 'sandbox' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What every Lambda's configuration (shared/config.ts) names. */
export type FunctionEnvironmentProps = {
  table: dynamodb.ITable;
  secret: secretsmanager.ISecret;
  /** What CloudFront's origin header carries (infra/origin-secret.ts): every API function reads it. */
  originSecret: secretsmanager.ISecret;
  publicUrl: string;
  intuitEnvironment: IntuitEnvironment;
  logLevel: LogLevel;
};

const functionEnvironment = (props: FunctionEnvironmentProps) => ({
  TABLE_NAME: props.table.tableName,
  // Every function names the secret because config requires it; only some may read it.
  SECRET_ID: props.secret.secretArn,
  ORIGIN_SECRET_ID: props.originSecret.secretArn,
  PUBLIC_URL: props.publicUrl,
  SECURE_COOKIES: 'true',
  LOG_LEVEL: props.logLevel,
  INTUIT_ENVIRONMENT: props.intuitEnvironment,
});

const FUNCTION_SETTINGS = {
  // scrypt password hashing needs ~32 MiB; memory also buys CPU for it.
  memorySize: 512,
  logRetention: logs.RetentionDays.ONE_MONTH,
};

type LambdaProps = {
  name: FunctionName;
  description: string;
  timeout: Duration;
};

type DeskbooksFunctionProps = FunctionEnvironmentProps & LambdaProps;

/**
 * One of Deskbooks' Lambdas with the configuration of shared/config.ts: its bundle on Node 24 (arm64),
 * its own log group, and its own role that may write there and nothing else yet; the caller grants
 * what the function does.
 */
export const createDeskbooksFunction = (
  scope: Construct,
  id: string,
  props: DeskbooksFunctionProps,
): lambda.Function => createLambda(scope, id, { ...props, environment: functionEnvironment(props) });

/** The same Lambda for a function that reads none of the app's configuration, only `environment`. */
export const createLambda = (
  scope: Construct,
  id: string,
  props: LambdaProps & { environment: Record<string, string> },
): lambda.Function => {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: FUNCTION_SETTINGS.logRetention });
  // Own role per function instead of the managed basic-execution policy, whose log grant spans
  // every log group in the account.
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Deskbooks ${props.name} Lambda`,
  });
  logGroup.grantWrite(role);
  return new lambda.Function(scope, id, {
    description: props.description,
    code: handlerCode(props.name),
    handler: HANDLER,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: FUNCTION_SETTINGS.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    environment: props.environment,
  });
};

/** Lets the function use these actions on the table itself (not its indexes). */
export const grantTableActions = (fn: lambda.Function, table: dynamodb.ITable, actions: string[]) =>
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));

// Item reads and writes; transactions are authorised by these same actions. No Scan: the design
// serves every request with GetItem, Query or a transaction.
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const INDEX_ACTIONS = ['dynamodb:Query'];

/** Lets the function read and write the table's items (no Scan) and query its indexes. */
export const grantItemAccess = (
  fn: lambda.Function,
  table: dynamodb.ITable,
  indexNames: readonly string[],
) => {
  grantTableActions(fn, table, ITEM_ACTIONS);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: INDEX_ACTIONS,
      resources: indexNames.map((indexName) => `${table.tableArn}/index/${indexName}`),
    }),
  );
};
