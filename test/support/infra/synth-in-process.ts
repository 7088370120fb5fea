import { Template } from "aws-cdk-lib/assertions";
import { createBookstoreApp } from "../../../infra/lib/bookstore-app";
import { combineTemplates } from "./cloud-assembly";

/**
 * The app as `npx cdk synth -c …` would make it, in this process, assets not
 * bundled (only the templates matter): each stack's template, and all three
 * as one.
 */
export function synthesizeApp(context: Record<string, unknown> = {}) {
  const { data, schema, api } = createBookstoreApp({ context: { "aws:cdk:bundling-stacks": [], ...context } });
  const stacks = { data: Template.fromStack(data), schema: Template.fromStack(schema), api: Template.fromStack(api) };
  const combined = combineTemplates([stacks.data, stacks.schema, stacks.api].map((template) => template.toJSON() as never));
  return { ...stacks, template: combined.template, json: combined.json };
}
