import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { EDITORS_GROUP } from "@bookstore/api-contract";

export interface SignInProps {
  /** RETAIN in production: deleting the stack must not delete the users. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Who may write: a Cognito user pool whose ID tokens API Gateway verifies,
 * its `editors` group, and an app client for browsers and the CLI (no
 * client secret a browser could not keep; SRP sign-in, refresh tokens, and
 * admin sign-in for operators holding IAM credentials). Users are created
 * by an administrator: nobody signs themselves up.
 */
export class SignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const retained = props.removalPolicy === RemovalPolicy.RETAIN;
    this.userPool = new cognito.UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // A second factor each user may turn on (an authenticator app: no SMS costs or quotas).
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: retained,
      removalPolicy: props.removalPolicy,
    });
    new cognito.UserPoolGroup(this, "Editors", {
      userPool: this.userPool,
      groupName: EDITORS_GROUP,
      description: "May create, change and delete books, and delete any review",
    });
    this.client = this.userPool.addClient("AppClient", {
      generateSecret: false,
      // Sign-in is the app's own (SRP) or an operator's: no hosted UI, no redirect URLs.
      disableOAuth: true,
      authFlows: { userSrp: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
