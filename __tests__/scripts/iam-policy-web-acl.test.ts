// The CI roles' grants for the web ACL: only where the stack has one, on the
// environment's own CLOUDFRONT-scoped ACLs in us-east-1, read-only for plans.
import { rolePolicies, type PolicyDocument } from "../../scripts/iam-policy/policy";
import { removeTestingOutdirs, shippedEnvironment, synthesize, variantOf } from "../support/synth";

afterAll(removeTestingOutdirs);

const actions = (doc: PolicyDocument) => doc.Statement.flatMap((s) => [s.Action].flat());
const policiesOf = (name: string) => {
  const env = shippedEnvironment(name);
  return rolePolicies(env, synthesize(env).json, "acme/edge-gate");
};

describe("web ACL grants", () => {
  it("lets prod's deploy role create, update, tag and delete its own web ACLs only", () => {
    const { deploy } = policiesOf("prod");
    const acl = deploy.Statement.find((s) => s.Sid === "WebAcl")!;
    expect(acl.Action).toEqual([
      "wafv2:CreateWebACL",
      "wafv2:DeleteWebACL",
      "wafv2:GetWebACL",
      "wafv2:ListTagsForResource",
      "wafv2:TagResource",
      "wafv2:UntagResource",
      "wafv2:UpdateWebACL",
    ]);
    expect(acl.Resource).toEqual([
      "arn:aws:wafv2:us-east-1:123456789012:global/webacl/prod-*/*",
      "arn:aws:wafv2:us-east-1:123456789012:global/managedruleset/*/*",
    ]);
  });

  it("lets prod's plan role only read it", () => {
    const { plan } = policiesOf("prod");
    expect(actions(plan).filter((a) => a.startsWith("wafv2:"))).toEqual([
      "wafv2:GetWebACL",
      "wafv2:ListTagsForResource",
    ]);
  });

  it("grants nothing on WAF where the environment has no web ACL", () => {
    expect(actions(policiesOf("dev").deploy).some((a) => a.startsWith("wafv2:"))).toBe(false);
    const withAcl = variantOf("dev", (e) => (e.webAcl = {}));
    const { deploy } = rolePolicies(withAcl, synthesize(withAcl).json, "acme/edge-gate");
    expect(deploy.Statement.find((s) => s.Sid === "WebAcl")!.Resource).toContain(
      "arn:aws:wafv2:us-east-1:111122223333:global/webacl/dev-*/*",
    );
  });
});
