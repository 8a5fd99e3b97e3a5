// The plan review says when the regional login origin becomes reachable
// without CloudFront: a function URL without IAM auth, an invoke permission
// for anyone but the distribution, an API Gateway with its public endpoint,
// an origin that CloudFront stops signing for. A plan that keeps the design
// (IAM auth, the distribution alone) raises none of these.
import { reviewPlan } from "../../scripts/plan-review/review";
import { markdown, plan, rc } from "../support/plan-json";

const DISTRIBUTION_ARN = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE";
const HEADING = "Reachable without CloudFront";

const cloudfrontPermission = (action: string) => ({
  action,
  function_name: "staging-session-manager",
  principal: "cloudfront.amazonaws.com",
  source_arn: DISTRIBUTION_ARN,
  function_url_auth_type: action === "lambda:InvokeFunctionUrl" ? "AWS_IAM" : null,
});

const designed = () => [
  rc("aws_lambda_function_url.url", ["create"], {
    after: { authorization_type: "AWS_IAM", function_name: "staging-session-manager" },
  }),
  rc("aws_lambda_permission.url", ["create"], {
    after: cloudfrontPermission("lambda:InvokeFunctionUrl"),
  }),
  rc("aws_lambda_permission.invoke", ["create"], {
    after: cloudfrontPermission("lambda:InvokeFunction"),
  }),
  rc("aws_cloudfront_origin_access_control.identity", ["create"], {
    after: {
      origin_access_control_origin_type: "lambda",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    },
  }),
];

describe("reachability of the regional origin", () => {
  it("raises nothing for the designed setup: IAM auth, the distribution alone", () => {
    const review = reviewPlan(plan(designed()));
    expect(review.reachability).toEqual([]);
    expect(markdown(plan(designed()))).not.toContain(HEADING);
  });

  it("flags a function URL that anyone may call", () => {
    const text = markdown(
      plan([
        rc("aws_lambda_function_url.url", ["update"], {
          before: { authorization_type: "AWS_IAM" },
          after: { authorization_type: "NONE" },
        }),
      ]),
    );
    expect(text).toContain(HEADING);
    expect(text).toContain(
      "⛔ `aws_lambda_function_url.url`: authorization `NONE`: anyone with the URL can call the function",
    );
  });

  it("flags an invoke permission for another principal, or for CloudFront without a source", () => {
    const review = reviewPlan(
      plan([
        rc("aws_lambda_permission.anyone", ["create"], {
          after: { ...cloudfrontPermission("lambda:InvokeFunctionUrl"), principal: "*" },
        }),
        rc("aws_lambda_permission.any_distribution", ["update"], {
          before: cloudfrontPermission("lambda:InvokeFunction"),
          after: { ...cloudfrontPermission("lambda:InvokeFunction"), source_arn: null },
        }),
        rc("aws_lambda_permission.api", ["create"], {
          after: {
            ...cloudfrontPermission("lambda:InvokeFunction"),
            principal: "apigateway.amazonaws.com",
          },
        }),
      ]),
    );
    expect(review.reachability).toEqual([
      "⛔ `aws_lambda_permission.anyone`: `*` may `lambda:InvokeFunctionUrl` `staging-session-manager`, not only the distribution",
      "⛔ `aws_lambda_permission.any_distribution`: `cloudfront.amazonaws.com` may `lambda:InvokeFunction` `staging-session-manager` from any source (no source_arn): any distribution, in any account",
      "⛔ `aws_lambda_permission.api`: `apigateway.amazonaws.com` may `lambda:InvokeFunction` `staging-session-manager`, not only the distribution",
    ]);
  });

  it("flags an API Gateway API (its execute-api endpoint is public)", () => {
    const review = reviewPlan(
      plan([rc("aws_apigatewayv2_api.identity", ["create"], { after: { protocol_type: "HTTP" } })]),
    );
    expect(review.reachability).toEqual([
      "⛔ `aws_apigatewayv2_api.identity`: a public `execute-api` endpoint that skips CloudFront",
    ]);
  });

  it("flags an origin access control that stops signing every request", () => {
    const review = reviewPlan(
      plan([
        rc("aws_cloudfront_origin_access_control.identity", ["update"], {
          before: { origin_access_control_origin_type: "lambda", signing_behavior: "always" },
          after: { origin_access_control_origin_type: "lambda", signing_behavior: "no-override" },
        }),
      ]),
    );
    expect(review.reachability).toEqual([
      "⛔ `aws_cloudfront_origin_access_control.identity`: signing `no-override`: requests that carry their own Authorization reach the function unsigned",
    ]);
  });

  it("flags a distribution origin that loses its origin access control", () => {
    const origin = (oac: string | null) => ({
      origin_id: "identity-api",
      domain_name: "abc.lambda-url.eu-central-1.on.aws",
      origin_access_control_id: oac,
    });
    const review = reviewPlan(
      plan([
        rc("aws_cloudfront_distribution.cdn", ["update"], {
          before: { origin: [origin("E1OAC")] },
          after: { origin: [origin(null)] },
        }),
      ]),
    );
    expect(review.reachability).toEqual([
      "⛔ `aws_cloudfront_distribution.cdn`: origin `identity-api` no longer signed by CloudFront (origin access control removed)",
    ]);
  });

  it("says nothing of resources being destroyed (they reach nothing any more)", () => {
    const review = reviewPlan(
      plan([
        rc("aws_apigatewayv2_api.identity", ["delete"], { before: { protocol_type: "HTTP" } }),
      ]),
    );
    expect(review.reachability).toEqual([]);
  });
});
