import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../shared/function-timeouts';
import { ROUTE_GROUPS, type RouteGroup } from '../shared/routes';
import {
  createDeskbooksFunction,
  type FunctionEnvironmentProps,
  grantItemAccess,
} from './deskbooks-function';

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
  account: false,
  'qbo-items': true,
  'invoice-delivery': true,
  'mfa-setup': true,
  'mfa-verify': true,
  // A removal may be confirmed with a TOTP code, whose secret is sealed.
  passkeys: true,
  'qbo-webhooks': true,
  invoices: false,
  // Retry calls QuickBooks; a job only records what to do (its worker calls QuickBooks).
  'sync-health': true,
  jobs: false,
  openapi: false,
} satisfies Record<RouteGroup, boolean>;

export type ApiFunctionsProps = FunctionEnvironmentProps & { indexNames: readonly string[] };

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
    const fn = createDeskbooksFunction(this, constructIdOf(group), {
      ...props,
      name: group,
      description: `Deskbooks API: ${group}`,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS[group]),
    });
    grantItemAccess(fn, props.table, props.indexNames);
    if (READS_SECRET[group]) props.secret.grantRead(fn);
    // Every request is checked against it before anything else (shared/http/middlewares/origin-check.ts).
    props.originSecret.grantRead(fn);
    return fn;
  }
}
