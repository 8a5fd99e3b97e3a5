// Whether a plan makes the regional login origin reachable without passing
// CloudFront: the design is a function URL with IAM auth that only the
// distribution may invoke, signed for by a Lambda origin access control
// (docs/decisions/0014-identity-origin-through-cloudfront-only.md). Each
// change that departs from it becomes one line the reviewer sees first.
import type { ResourceChangeView } from "./changes";
import { code } from "./markdown-text";
import { Masked, valueAt } from "./values";

/** The only principal that may invoke the login functions. */
const CLOUDFRONT = "cloudfront.amazonaws.com";
const INVOKE_ACTIONS = new Set(["lambda:InvokeFunctionUrl", "lambda:InvokeFunction", "lambda:*"]);
/** API Gateway APIs: each has a public execute-api endpoint unless turned off. */
const API_TYPES = new Set(["aws_apigatewayv2_api", "aws_api_gateway_rest_api"]);

/** Unset: null, empty or absent. A value known only at apply (a reference) is set. */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function text(value: unknown): string {
  return value instanceof Masked ? "(known after apply)" : String(value);
}

function functionUrlLines(change: ResourceChangeView): string[] {
  const auth = valueAt(change.after, ["authorization_type"]);
  if (auth === "AWS_IAM" || auth instanceof Masked) return [];
  return [
    `⛔ ${code(change.address)}: authorization ${code(text(auth))}: anyone with the URL can call the function`,
  ];
}

function permissionLines(change: ResourceChangeView): string[] {
  const action = valueAt(change.after, ["action"]);
  if (typeof action !== "string" || !INVOKE_ACTIONS.has(action)) return [];
  const principal = text(valueAt(change.after, ["principal"]));
  const target = code(text(valueAt(change.after, ["function_name"])));
  const who = `${code(change.address)}: ${code(principal)} may ${code(action)} ${target}`;
  if (principal !== CLOUDFRONT) return [`⛔ ${who}, not only the distribution`];
  if (isUnset(valueAt(change.after, ["source_arn"]))) {
    return [`⛔ ${who} from any source (no source_arn): any distribution, in any account`];
  }
  return [];
}

function originAccessControlLines(change: ResourceChangeView): string[] {
  const type = valueAt(change.after, ["origin_access_control_origin_type"]);
  const signing = valueAt(change.after, ["signing_behavior"]);
  if (type !== "lambda" || signing === "always" || signing instanceof Masked) return [];
  return [
    `⛔ ${code(change.address)}: signing ${code(text(signing))}: requests that carry their own Authorization reach the function unsigned`,
  ];
}

/** Origins signed for before (an origin access control) and not after. */
function distributionLines(change: ResourceChangeView): string[] {
  const signed = (side: unknown) => {
    const origins = valueAt(side, ["origin"]);
    const out = new Map<string, boolean>();
    if (!Array.isArray(origins)) return out;
    for (const origin of origins) {
      const id = valueAt(origin, ["origin_id"]);
      if (typeof id === "string") {
        out.set(id, !isUnset(valueAt(origin, ["origin_access_control_id"])));
      }
    }
    return out;
  };
  const before = signed(change.before);
  const lines: string[] = [];
  for (const [id, isSigned] of signed(change.after)) {
    if (before.get(id) === true && !isSigned) {
      lines.push(
        `⛔ ${code(change.address)}: origin ${code(id)} no longer signed by CloudFront (origin access control removed)`,
      );
    }
  }
  return lines;
}

/** The reachability lines of a plan's changes; none for a plan that keeps the design. */
export function reachabilityLines(changes: readonly ResourceChangeView[]): string[] {
  return changes.flatMap((change) => {
    // What is destroyed reaches nothing any more; what is read is not ours.
    if (!["create", "update", "replace", "import"].includes(change.kind)) return [];
    if (change.mode !== "managed") return [];
    if (API_TYPES.has(change.type)) {
      return [
        `⛔ ${code(change.address)}: a public ${code("execute-api")} endpoint that skips CloudFront`,
      ];
    }
    switch (change.type) {
      case "aws_lambda_function_url":
        return functionUrlLines(change);
      case "aws_lambda_permission":
        return permissionLines(change);
      case "aws_cloudfront_origin_access_control":
        return originAccessControlLines(change);
      case "aws_cloudfront_distribution":
        return distributionLines(change);
      default:
        return [];
    }
  });
}
