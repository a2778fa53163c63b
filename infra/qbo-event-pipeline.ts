import { type CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import {
  CDC_ASYNC_RETRY_ATTEMPTS,
  QBO_EVENTS_SOURCE,
  QBO_JOBS_SOURCE,
  type StreamSourceSettings,
  TASK_TIMEOUT_SECONDS,
} from '../shared/event-sources';
import { DeadLetterQueue } from './dead-letter-queue';
import {
  createDeskbooksFunction,
  type FunctionEnvironmentProps,
  grantItemAccess,
} from './deskbooks-function';

export type QboEventPipelineProps = FunctionEnvironmentProps & {
  /** The table whose stream carries the QBO events inbox. */
  table: dynamodb.ITable;
  indexNames: readonly string[];
  cdcIntervalMinutes: number;
};

// Lambda keeps a failed asynchronous run for at most 6 hours, EventBridge at least a minute.
const MIN_EVENT_AGE = Duration.minutes(1);
const MAX_EVENT_AGE = Duration.hours(6);

// What Lambda's event source mapping does with the stream; it reads the stream, not the function.
const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

/**
 * QuickBooks work off the request path: the table's stream hands each new inbox event to the
 * `qbo-events` worker and each new bulk job and job item to the `qbo-jobs` worker (each with its own
 * mapping, so a job waiting for the company's budget never holds up money coming back), and an
 * EventBridge schedule starts the `qbo-cdc` backstop. What fails past the retries lands in a
 * dead-letter queue with an alarm.
 */
export class QboEventPipeline extends Construct {
  readonly worker: lambda.Function;
  readonly workerDeadLetters: DeadLetterQueue;
  readonly jobsWorker: lambda.Function;
  readonly jobsDeadLetters: DeadLetterQueue;
  readonly backstop: lambda.Function;
  readonly backstopDeadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: QboEventPipelineProps) {
    super(scope, id);
    this.workerDeadLetters = new DeadLetterQueue(this, 'WorkerDeadLetters', {
      holds: 'QBO events the worker gave up on',
    });
    this.worker = this.createStreamWorker(props, 'Worker', {
      name: 'qbo-events',
      description: 'Deskbooks QBO events: applies the changes QuickBooks reports to the stored invoices',
      source: QBO_EVENTS_SOURCE,
      deadLetters: this.workerDeadLetters,
    });
    this.jobsDeadLetters = new DeadLetterQueue(this, 'JobsDeadLetters', {
      holds: 'bulk job items the jobs worker gave up on',
    });
    this.jobsWorker = this.createStreamWorker(props, 'JobsWorker', {
      name: 'qbo-jobs',
      description: 'Deskbooks QBO jobs: bulk customer sync and invoicing, paced inside Intuit’s limits',
      source: QBO_JOBS_SOURCE,
      deadLetters: this.jobsDeadLetters,
    });
    this.backstopDeadLetters = new DeadLetterQueue(this, 'BackstopDeadLetters', {
      holds: 'CDC backstop runs that failed',
    });
    this.backstop = this.createBackstop(props);
  }

  private createStreamWorker(
    props: QboEventPipelineProps,
    id: string,
    worker: {
      name: 'qbo-events' | 'qbo-jobs';
      description: string;
      source: StreamSourceSettings;
      deadLetters: DeadLetterQueue;
    },
  ): lambda.Function {
    const fn = createDeskbooksFunction(this, id, {
      ...props,
      name: worker.name,
      description: worker.description,
      timeout: Duration.seconds(TASK_TIMEOUT_SECONDS[worker.name]),
    });
    grantItemAccess(fn, props.table, props.indexNames);
    props.secret.grantRead(fn);
    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error(`The ${worker.name} worker needs the table’s stream`);
    this.grantStreamRead(fn, props.table, streamArn);
    new lambda.EventSourceMapping(this, `${id}Events`, {
      target: fn,
      eventSourceArn: streamArn,
      // Records written before the mapping exists (the API may deploy first) are still read.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      filters: worker.source.filters.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      batchSize: worker.source.batchSize,
      maxBatchingWindow: Duration.seconds(worker.source.maxBatchingWindowSeconds),
      reportBatchItemFailures: true,
      // The worker names each failed record: halving the batch would only repeat the records that worked.
      bisectBatchOnError: false,
      retryAttempts: worker.source.retryAttempts,
      maxRecordAge: Duration.seconds(worker.source.maxRecordAgeSeconds),
      // Receives where the records sit in the stream; their items stay in the table.
      onFailure: new SqsDlq(worker.deadLetters.queue),
    });
    return fn;
  }

  private grantStreamRead(worker: lambda.Function, table: dynamodb.ITable, streamArn: string) {
    worker.addToRolePolicy(new iam.PolicyStatement({ actions: STREAM_READ_ACTIONS, resources: [streamArn] }));
    // As AWS's own policy for stream consumers names it (not `*`, as CDK's grantStreamRead does).
    const tableStreams = `${table.tableArn}/stream/*`;
    worker.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: [tableStreams] }),
    );
    const tableId = Stack.of(this).getLogicalId(table.node.defaultChild as CfnResource);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/stream/*]`,
      reason:
        'dynamodb:ListStreams, which the event source mapping checks, only lists the stream ARNs of this ' +
        "table (a new one each time its stream is turned on); reading records is limited to the table's current stream.",
    });
  }

  private createBackstop(props: QboEventPipelineProps): lambda.Function {
    const backstop = createDeskbooksFunction(this, 'Backstop', {
      ...props,
      name: 'qbo-cdc',
      description:
        'Deskbooks QBO CDC backstop: reads what changed in each connected company since its cursor',
      timeout: Duration.seconds(TASK_TIMEOUT_SECONDS['qbo-cdc']),
    });
    grantItemAccess(backstop, props.table, props.indexNames);
    props.secret.grantRead(backstop);
    const interval = Duration.minutes(props.cdcIntervalMinutes);
    // A run still waiting when the next one starts is worth nothing: that one reads from the same cursor.
    const maxEventAge = Duration.seconds(
      Math.min(Math.max(interval.toSeconds(), MIN_EVENT_AGE.toSeconds()), MAX_EVENT_AGE.toSeconds()),
    );
    // EventBridge invokes the backstop asynchronously: once Lambda has accepted the event, the rule's
    // retries and dead-letter queue are done with it, so a run that throws or times out is caught only
    // by Lambda's own retries and on-failure destination. The rule's queue catches the rest: an event
    // EventBridge could not hand over at all (throttled past its age, permission gone). One queue, one alarm.
    backstop.configureAsyncInvoke({
      retryAttempts: CDC_ASYNC_RETRY_ATTEMPTS,
      maxEventAge,
      onFailure: new destinations.SqsDestination(this.backstopDeadLetters.queue),
    });
    new events.Rule(this, 'BackstopSchedule', {
      description: `Deskbooks: the QBO CDC backstop, every ${props.cdcIntervalMinutes} minutes`,
      schedule: events.Schedule.rate(interval),
      targets: [
        new targets.LambdaFunction(backstop, {
          retryAttempts: 2,
          maxEventAge,
          deadLetterQueue: this.backstopDeadLetters.queue,
        }),
      ],
    });
    return backstop;
  }
}
