import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

// The flat shape shared/secrets.ts reads. The operator fills in the Intuit fields after deploy, and adds
// intuitWebhookVerifierToken (Intuit shows it beside the app's webhook endpoint): it is not in the
// template because a changed template replaces the secret (see below), and an absent field reads as
// empty, which refuses every webhook. CloudFormation generates the first encryption key so it never
// passes through anyone's hands.
const INITIAL_FIELDS = { intuitClientId: '', intuitClientSecret: '', activeKeyId: 'k1' };
const GENERATED_KEY_FIELD = 'encryptionKey.k1';

/** Intuit app credentials and the keys that encrypt stored OAuth tokens and TOTP secrets. */
export class AppSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Deskbooks: Intuit app credentials and token-encryption keys (flat JSON)',
      // Changing this generator makes CloudFormation generate a new value, replacing the operator's
      // Intuit credentials and the key every stored token is sealed with: leave it as it is.
      generateSecretString: {
        secretStringTemplate: JSON.stringify(INITIAL_FIELDS),
        generateStringKey: GENERATED_KEY_FIELD,
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Losing the key makes every stored QBO token and TOTP secret unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No rotation Lambda could rotate these fields: the Intuit client secret is issued by Intuit, and a new ' +
        'encryption key must be added beside the old ones (encryptionKey.<id> + activeKeyId) so stored tokens ' +
        'stay readable. Operators rotate by hand as shared/secrets.ts describes.',
    });
  }
}
