import { createDeskbooksApp } from './deskbooks-app';

// The CLI sets these from the profile it deploys with (the account only when it has credentials).
createDeskbooksApp({
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
}).app.synth();
