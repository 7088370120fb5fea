import { App, Validations, type AppProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { BookstoreStack } from "./bookstore-stack";
import { acknowledgeAcceptedFindings } from "./nag-acknowledgments";
import { profileName } from "./profiles";

/** The CDK app: the Bookstore stack, env-agnostic (synthesizes with no AWS account), checked by cdk-nag. */
export function createBookstoreApp(props: AppProps = {}): { app: App; stack: BookstoreStack } {
  const app = new App(props);
  const origins = app.node.tryGetContext("corsAllowedOrigins") as string | undefined;
  const stack = new BookstoreStack(app, "Bookstore", {
    description: "Bookstore: API Gateway, Lambda, RDS Proxy and Aurora PostgreSQL Serverless v2",
    profile: profileName(app.node.tryGetContext("profile")),
    corsAllowedOrigins: origins ? String(origins).split(",").map((origin) => origin.trim()).filter(Boolean) : [],
  });
  acknowledgeAcceptedFindings(stack, { deletionProtection: stack.deletionProtection });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
