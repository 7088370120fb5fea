type RoleRef = { "Fn::GetAtt"?: [string, string]; Ref?: string };
type Policy = { Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> }; Roles: Array<{ Ref: string }> } };
type ResourceQueries = { findResources(type: string): Record<string, unknown> };

export type LambdaFunction = { Properties: { VpcConfig?: unknown; Environment?: { Variables?: Record<string, unknown> }; Role?: RoleRef } };

/** A synthesized template's Lambda functions, by logical id. */
export function lambdaFunctionsOf(template: ResourceQueries): Record<string, LambdaFunction> {
  return template.findResources("AWS::Lambda::Function") as Record<string, LambdaFunction>;
}

/** The logical id of a function's role: its own, or, for the API functions (a role ARN from the release), the data stack's API role. */
function roleIdOf(role: RoleRef | undefined, template: ResourceQueries): string | undefined {
  if (role?.["Fn::GetAtt"]) return role["Fn::GetAtt"][0];
  return Object.keys(template.findResources("AWS::IAM::Role")).find((id) => id.startsWith("ApiFunctionRole"));
}

/** Every statement of the policies attached to a function's role, each action list as an array. */
export function policyStatementsOf(template: ResourceQueries, fn: LambdaFunction | undefined): Array<{ Action: string[]; Resource: unknown }> {
  const role = roleIdOf(fn?.Properties.Role, template);
  return Object.values(template.findResources("AWS::IAM::Policy") as Record<string, Policy>)
    .filter((policy) => policy.Properties.Roles.some((ref) => ref.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .map((statement) => ({ Action: [statement.Action].flat(), Resource: statement.Resource }));
}
