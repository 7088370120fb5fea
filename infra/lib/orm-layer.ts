import { AssetHashType, DockerImage } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { execFileSync } from "node:child_process";
import { LAYER_PACKAGES } from "@bookstore/orm/layer-packages";
import { projectPaths } from "./project-paths";

/**
 * Packages the layer never carries a second copy of: function bundles mark
 * them external and load them from /opt/nodejs/node_modules.
 */
export const LAYER_MODULES = LAYER_PACKAGES;

export interface OrmLayerProps {
  /** @default the functions' runtime (Node.js 24) */
  readonly runtime?: lambda.Runtime;
  /** @default the functions' architecture (ARM64) */
  readonly architecture?: lambda.Architecture;
}

/**
 * The shared ORM layer, built by the layer's own build script (esbuild, on
 * this machine; never Docker) into nodejs/node_modules.
 */
export class OrmLayer extends Construct {
  readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string, props: OrmLayerProps = {}) {
    super(scope, id);
    const runtime = props.runtime ?? lambda.Runtime.NODEJS_24_X;
    const architecture = props.architecture ?? lambda.Architecture.ARM_64;
    const code = lambda.Code.fromAsset(projectPaths.layerSource, {
      // The hash of what is shipped: unchanged output, unchanged layer version.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Required by the API; local bundling below always succeeds or throws.
        image: DockerImage.fromRegistry("public.ecr.aws/sam/build-nodejs22.x"),
        local: {
          tryBundle(outputDir: string): boolean {
            execFileSync(projectPaths.tsx, [projectPaths.layerBuildScript, outputDir], { stdio: ["ignore", "inherit", "inherit"] });
            return true;
          },
        },
      },
    });
    this.layer = new lambda.LayerVersion(this, "Layer", {
      code,
      compatibleRuntimes: [runtime],
      compatibleArchitectures: [architecture],
      description: "@bookstore/orm: TypeORM, pg, the entities and the self-healing connection",
    });
  }
}
