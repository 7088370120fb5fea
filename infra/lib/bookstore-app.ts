import { App, Validations, type AppProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { BookstoreStack } from "./bookstore-stack";
import { acknowledgeAcceptedFindings } from "./nag-acknowledgments";

/** The CDK app: the Bookstore stack, env-agnostic (synthesizes with no AWS account), checked by cdk-nag. */
export function createBookstoreApp(props: AppProps = {}): { app: App; stack: BookstoreStack } {
  const app = new App(props);
  const origins = app.node.tryGetContext("corsAllowedOrigins") as string | undefined;
  const stack = new BookstoreStack(app, "Bookstore", {
    description: "Bookstore: API Gateway, Lambda, RDS Proxy and Aurora PostgreSQL Serverless v2",
    corsAllowedOrigins: origins ? String(origins).split(",").map((origin) => origin.trim()).filter(Boolean) : [],
  });
  acknowledgeAcceptedFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
