import { Template } from "aws-cdk-lib/assertions";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[]; Metadata?: Record<string, unknown> }>;

function outdir(): string {
  const dir = process.env.TEST_CDK_OUT;
  if (!dir) throw new Error("TEST_CDK_OUT is not set: the infra tests run after `cdk synth` in their global setup");
  return dir;
}

type TemplateJson = { Resources: Resources; Outputs?: Record<string, unknown>; Parameters?: Record<string, { Type: string; Default?: string }> };

/** The stacks by owner, in deploy order. */
export const STACKS = ["BookstoreData", "BookstoreSchema", "BookstoreApi"] as const;
export type StackName = (typeof STACKS)[number];

const cachedStacks = new Map<string, { template: Template; json: TemplateJson }>();

/** One synthesized stack of `npx cdk synth`, read once per test file. */
export function stackTemplate(name: StackName) {
  let found = cachedStacks.get(name);
  if (!found) {
    const json = JSON.parse(readFileSync(join(outdir(), `${name}.template.json`), "utf8")) as TemplateJson;
    found = { template: Template.fromJSON(json), json };
    cachedStacks.set(name, found);
  }
  return found;
}

/**
 * The three stacks' templates as one, for assertions about the whole app
 * (resources, outputs); a logical id that two stacks share is kept once per
 * stack, prefixed with the stack's name.
 */
export function combineTemplates(templates: TemplateJson[]): { template: Template; json: { Resources: Resources; Outputs: Record<string, unknown> } } {
  const Resources: Resources = {};
  const Outputs: Record<string, unknown> = {};
  templates.forEach((json, index) => {
    for (const [id, resource] of Object.entries(json.Resources)) Resources[id in Resources ? `${STACKS[index] ?? index}${id}` : id] = resource;
    Object.assign(Outputs, json.Outputs ?? {});
  });
  const json = { Resources, Outputs };
  return { template: Template.fromJSON(json), json };
}

let cached: { template: Template; json: { Resources: Resources; Outputs: Record<string, unknown> } } | undefined;

/** The synthesized app: its three stacks as one. */
export function bookstoreTemplate() {
  cached ??= combineTemplates(STACKS.map((name) => stackTemplate(name).json));
  return cached;
}

export function resourcesOfType(type: string): Array<[string, Resources[string]]> {
  return Object.entries(bookstoreTemplate().json.Resources).filter(([, resource]) => resource.Type === type);
}

/** The one resource of a type; fails when there is not exactly one. */
export function onlyResourceOfType(type: string): Resources[string] & { Properties: Record<string, unknown> } {
  const found = resourcesOfType(type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]?.[1] as Resources[string] & { Properties: Record<string, unknown> };
}

/** The logical id of the resource at a construct path such as `BookstoreApi/BooksFunction/Function/Resource`. */
export function logicalIdAt(path: string): string {
  const found = Object.entries(bookstoreTemplate().json.Resources).find(([, resource]) => resource.Metadata?.["aws:cdk:path"] === path);
  if (!found) throw new Error(`no resource at ${path}`);
  return found[0];
}

/** The folder of a Lambda function's or layer's code asset in the cloud assembly. */
export function assetDir(logicalId: string): string {
  const resource = bookstoreTemplate().json.Resources[logicalId];
  const metadata = resource?.Metadata?.["aws:asset:path"];
  if (typeof metadata !== "string") throw new Error(`${logicalId} has no code asset`);
  const dir = join(outdir(), metadata);
  if (!existsSync(dir)) throw new Error(`asset ${dir} is missing`);
  return dir;
}

export function validationReport(): {
  pluginReports: Array<{ pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations: Array<{ ruleName: string; acknowledgedId?: string; reason?: string }> }>;
} {
  return JSON.parse(readFileSync(join(outdir(), "validation-report.json"), "utf8"));
}
