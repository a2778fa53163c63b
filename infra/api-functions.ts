import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../shared/function-timeouts';
import { ROUTE_GROUPS, type RouteGroup } from '../shared/routes';
import { HANDLER, handlerCode } from './lambda-bundling';

export type IntuitEnvironment = 'sandbox' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

// Who may read the secret: groups that seal or open QBO tokens or TOTP secrets, or talk to Intuit.
// A record over every group, so a new group fails typecheck until someone decides.
const READS_SECRET = {
  session: false,
  users: false,
  issues: false,
  settings: false,
  'oauth-start': true,
  'oauth-callback': true,
  'qbo-connection': true,
  'sync-user': true,
  'create-invoice': true,
  'list-invoices': true,
  billing: false,
  'qbo-items': true,
  'invoice-delivery': true,
  'mfa-setup': true,
  'mfa-verify': true,
} satisfies Record<RouteGroup, boolean>;

// Item reads and writes; transactions are authorised by these same actions. No Scan: the design
// serves every request with GetItem, Query or a transaction.
const TABLE_ACTIONS = [
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

const FUNCTION_SETTINGS = {
  // scrypt password hashing needs ~32 MiB; memory also buys CPU for it.
  memorySize: 512,
  logRetention: logs.RetentionDays.ONE_MONTH,
};

export type ApiFunctionsProps = {
  table: dynamodb.ITable;
  indexNames: readonly string[];
  secret: secretsmanager.ISecret;
  publicUrl: string;
  intuitEnvironment: IntuitEnvironment;
  logLevel: LogLevel;
};

const constructIdOf = (group: RouteGroup) =>
  group.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

/** One Lambda per route group, each allowed only what its group does. */
export class ApiFunctions extends Construct {
  readonly byGroup: ReadonlyMap<RouteGroup, lambda.Function>;

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    this.byGroup = new Map(ROUTE_GROUPS.map((group) => [group, this.createFunction(group, props)] as const));
  }

  private createFunction(group: RouteGroup, props: ApiFunctionsProps): lambda.Function {
    const id = constructIdOf(group);
    const logGroup = new logs.LogGroup(this, `${id}Logs`, { retention: FUNCTION_SETTINGS.logRetention });
    // Own role per function instead of the managed basic-execution policy, whose log grant spans
    // every log group in the account.
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Deskbooks ${group} Lambda`,
    });
    logGroup.grantWrite(role);
    this.grantTable(role, props);
    if (READS_SECRET[group]) props.secret.grantRead(role);

    return new lambda.Function(this, id, {
      description: `Deskbooks API: ${group}`,
      code: handlerCode(group),
      handler: HANDLER,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: FUNCTION_SETTINGS.memorySize,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS[group]),
      role,
      logGroup,
      environment: {
        TABLE_NAME: props.table.tableName,
        // Every function names the secret because config requires it; only some may read it.
        SECRET_ID: props.secret.secretArn,
        PUBLIC_URL: props.publicUrl,
        SECURE_COOKIES: 'true',
        LOG_LEVEL: props.logLevel,
        INTUIT_ENVIRONMENT: props.intuitEnvironment,
      },
    });
  }

  private grantTable(role: iam.IRole, props: ApiFunctionsProps) {
    const { tableArn } = props.table;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: TABLE_ACTIONS, resources: [tableArn] }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: INDEX_ACTIONS,
        resources: props.indexNames.map((indexName) => `${tableArn}/index/${indexName}`),
      }),
    );
  }
}
