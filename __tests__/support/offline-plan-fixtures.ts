// Hand-made cdk.tf.json documents for the offline plan tests, shaped like
// cdktf's output (metadata under "//", references as "${...}" strings,
// depends_on as bare addresses) but small enough to read.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A JS bundle fragment as the stack embeds it: template syntax escaped. */
export const ESCAPED_BUNDLE =
  'const a=`Bearer $${token}`;const b=`%%{x}`;exports.handler=async()=>({status:"200"});';

/** Small document for unit tests of the shim (never planned). */
export function shimFixture(): Record<string, unknown> {
  return {
    "//": { metadata: { backend: "s3", stackName: "fixture", version: "0.21.0" } },
    data: {
      archive_file: {
        viewer_pkg: {
          "//": { metadata: { path: "fixture/viewer_pkg", uniqueId: "viewer_pkg" } },
          depends_on: ["data.http.jwks"],
          provider: "archive",
          output_path: "dist/viewer.zip",
          type: "zip",
          source: [
            { content: ESCAPED_BUNDLE, filename: "index.js" },
            {
              content:
                '${jsonencode({"userPoolId" = aws_cognito_user_pool.pool.id, "jwks" = jsondecode(data.http.jwks.response_body)})}',
              filename: "config.json",
            },
          ],
        },
        per_fn: {
          count: 2,
          output_path: "dist/fn-${count.index}.zip",
          type: "zip",
          source_content: "x",
          source_content_filename: "index.js",
        },
      },
      http: {
        jwks: {
          url: "https://cognito-idp.eu-west-1.amazonaws.com/${aws_cognito_user_pool.pool.id}/.well-known/jwks.json",
          lifecycle: {
            precondition: [{ condition: "${true}", error_message: "kept" }],
            postcondition: [
              { condition: "${self.status_code == 200}", error_message: "JWKS unreachable" },
            ],
          },
        },
      },
      aws_region: { home: {} },
    },
    provider: {
      archive: [{}],
      http: [{}],
      aws: [{ region: "eu-west-1" }, { alias: "us_east_1", region: "us-east-1" }],
    },
    resource: {
      aws_cognito_user_pool: { pool: { name: "fixture" } },
      aws_lambda_function: {
        viewer: {
          provider: "aws.us_east_1",
          depends_on: ["data.archive_file.viewer_pkg", "aws_cognito_user_pool.pool"],
          filename: "${data.archive_file.viewer_pkg.output_path}",
          source_code_hash: "${data.archive_file.viewer_pkg.output_base64sha256}",
          // Escaped text that looks like a reference is literal: untouched.
          description: "built from $${data.archive_file.viewer_pkg.output_path}",
          tags: {
            nested: [
              "${upper(data.archive_file.viewer_pkg.output_sha)}-%{if data.http.jwks.status_code == 200}ok%{endif}",
            ],
          },
          environment: { variables: { FIRST: "${data.archive_file.per_fn[0].output_md5}" } },
          function_name: "viewer",
          role: "arn:aws:iam::123456789012:role/viewer",
          handler: "index.handler",
          runtime: "nodejs20.x",
        },
      },
      terraform_data: { archive_file_viewer_pkg: { input: "already taken" } },
    },
    output: {
      sizes: { value: "${[for z in data.archive_file.per_fn : z.output_size]}" },
      mention: { value: "data.http.jwks is only text here" },
    },
    terraform: {
      backend: { s3: { bucket: "state", key: "fixture.tfstate", region: "eu-west-1" } },
      required_providers: {
        archive: { source: "hashicorp/archive", version: "2.7.1" },
        aws: { source: "aws", version: "5.100.0" },
        http: { source: "http", version: "3.5.0" },
      },
    },
  };
}

/**
 * A stack the real offline plan can run: two AWS providers (home region with
 * allowed_account_ids, us_east_1 alias), an S3 backend, one archive whose
 * config names the bucket and the JWKS, one http data source, a Lambda in
 * us-east-1 fed by the archive and a bucket. Plans to 2 resources.
 */
export function tinyStack(name: string, bundle = ESCAPED_BUNDLE): Record<string, unknown> {
  return {
    "//": { metadata: { backend: "s3", stackName: name, version: "0.21.0" } },
    data: {
      archive_file: {
        edge_pkg: {
          depends_on: ["data.http.jwks"],
          output_path: "dist/edge.zip",
          type: "zip",
          source: [
            { content: bundle, filename: "index.js" },
            {
              content:
                '${jsonencode({"bucket" = aws_s3_bucket.content.arn, "jwks" = jsondecode(data.http.jwks.response_body)})}',
              filename: "config.json",
            },
          ],
        },
      },
      http: {
        jwks: {
          url: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example/.well-known/jwks.json",
          lifecycle: {
            postcondition: [{ condition: "${self.status_code == 200}", error_message: "no JWKS" }],
          },
        },
      },
    },
    provider: {
      archive: [{}],
      http: [{}],
      aws: [
        { region: "eu-west-1", allowed_account_ids: ["123456789012"] },
        { alias: "us_east_1", region: "us-east-1", allowed_account_ids: ["123456789012"] },
      ],
    },
    resource: {
      aws_s3_bucket: { content: { bucket: `${name}-content` } },
      aws_lambda_function: {
        viewer: {
          provider: "aws.us_east_1",
          depends_on: ["data.archive_file.edge_pkg"],
          function_name: `${name}-viewer`,
          role: "arn:aws:iam::123456789012:role/viewer",
          handler: "index.handler",
          runtime: "nodejs20.x",
          publish: true,
          filename: "${data.archive_file.edge_pkg.output_path}",
          source_code_hash: "${data.archive_file.edge_pkg.output_base64sha256}",
        },
      },
    },
    terraform: {
      backend: { s3: { bucket: "state", key: `${name}.tfstate`, region: "eu-west-1" } },
      required_providers: {
        archive: { source: "hashicorp/archive", version: "2.7.1" },
        aws: { source: "aws", version: "5.100.0" },
        http: { source: "http", version: "3.5.0" },
      },
    },
  };
}

/** Writes `tinyStack(name, bundle)` as `<parent>/<name>/cdk.tf.json`; returns the stack dir. */
export async function writeTinyStack(
  parent: string,
  name: string,
  bundle?: string,
): Promise<string> {
  const dir = path.join(parent, name);
  await mkdir(dir, { recursive: true });
  const stack = tinyStack(name, bundle);
  await writeFile(path.join(dir, "cdk.tf.json"), JSON.stringify(stack, null, 2));
  return dir;
}
