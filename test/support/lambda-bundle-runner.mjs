// Runs a bundled Lambda handler in this fresh Node process, as the Lambda runtime would: reads one
// API Gateway event per line on stdin and answers each with one JSON line on stdout holding the
// handler's result and every module URL this process has loaded so far.
import { registerHooks } from 'node:module';
import { createInterface } from 'node:readline';

const FUNCTION_TIMEOUT_MS = 10_000;

const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});

const { handler } = await import(process.argv[2]);

for await (const line of createInterface({ input: process.stdin })) {
  const event = JSON.parse(line);
  const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
  const result = await handler(event, {
    functionName: 'bundle-runner',
    awsRequestId: event.requestContext.requestId,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: false,
  });
  process.stdout.write(`${JSON.stringify({ result, loaded: [...loaded] })}\n`);
}
