// What two environments must not share (state, content bucket names, hosted-UI
// domain prefix, custom domain): refused at synth, naming both files.
import type { EnvironmentInput } from "../../environments/schema";
import {
  crossEnvironmentProblems,
  type EnvironmentFile,
} from "../../environments/schema/cross-environment";
import { jsonVariant, loadedFiles } from "../support/environment-problems";
import { shippedEnvironment, variantOf } from "../support/synth";

const SHIPPED = ["dev", "partners", "prod", "staging"];

function shipped(): EnvironmentFile[] {
  return SHIPPED.map((name) => ({
    file: `environments/${name}.ts`,
    environment: shippedEnvironment(name),
  }));
}

/**
 * environments/<name>.ts: dev with nothing shared with the shipped
 * environments (own prefixes, local state, no CI), then changed by `change`.
 */
function fresh(name: string, change: (env: EnvironmentInput) => void = () => {}): EnvironmentFile {
  const environment = variantOf("dev", (e) => {
    e.name = name;
    e.bucket = { namePrefix: `edge-gate-${name}-content-` };
    e.cognito.domainPrefix = `edge-gate-${name}`;
    e.backend = { type: "local" };
    delete e.deployment;
    change(e);
  });
  return { file: `environments/${name}.ts`, environment };
}

const OWN = "each environment needs its own";

describe("environments that share nothing", () => {
  it("pass: the shipped ones (dev and staging share a state bucket, not a key)", () => {
    expect(crossEnvironmentProblems(shipped())).toEqual([]);
  });

  it("pass: a fresh environment beside the shipped ones", () => {
    expect(crossEnvironmentProblems([...shipped(), fresh("qa")])).toEqual([]);
  });
});

describe("what two environments share is refused, naming both files", () => {
  it("a hosted-UI domain prefix", () => {
    const qa = fresh("qa", (e) => (e.cognito.domainPrefix = "edge-gate-staging"));
    expect(crossEnvironmentProblems([...shipped(), qa])).toEqual([
      {
        file: "environments/qa.ts and environments/staging.ts",
        field: "cognito.domainPrefix",
        message: `"edge-gate-staging" is used by both; ${OWN}`,
      },
    ]);
  });

  it("an S3 state object (the bucket's region aside: bucket names are global)", () => {
    const qa = fresh("qa", (e) => {
      e.backend = {
        type: "s3",
        bucket: "edge-gate-terraform-state-111122223333",
        key: "edge-gate/staging.tfstate",
        region: "us-east-1",
      };
    });
    expect(crossEnvironmentProblems([...shipped(), qa])).toEqual([
      {
        file: "environments/qa.ts and environments/staging.ts",
        field: "backend",
        message: `state s3://edge-gate-terraform-state-111122223333/edge-gate/staging.tfstate is used by both; ${OWN}`,
      },
    ]);
  });

  it("a local state file, the default one included, however the path is spelled", () => {
    const qa = fresh("qa", (e) => (e.backend = { type: "local", path: "./state//qb.tfstate" }));
    expect(crossEnvironmentProblems([qa, fresh("qb")])).toEqual([
      {
        file: "environments/qa.ts and environments/qb.ts",
        field: "backend",
        message: `local state file "state/qb.tfstate" is used by both; ${OWN}`,
      },
    ]);
  });

  it("a content bucket name", () => {
    const qa = fresh("qa", (e) => (e.bucket = { name: "edge-gate-prod-content-123456789012" }));
    expect(crossEnvironmentProblems([...shipped(), qa])).toEqual([
      {
        file: "environments/prod.ts and environments/qa.ts",
        field: "bucket.name",
        message: `"edge-gate-prod-content-123456789012" is used by both; ${OWN}`,
      },
    ]);
  });

  it("a content bucket name prefix", () => {
    const qa = fresh("qa", (e) => (e.bucket = { namePrefix: "edge-gate-staging-content-" }));
    expect(crossEnvironmentProblems([...shipped(), qa])).toEqual([
      {
        file: "environments/qa.ts and environments/staging.ts",
        field: "bucket.namePrefix",
        message: `"edge-gate-staging-content-" is used by both; ${OWN}`,
      },
    ]);
  });

  it("a bucket name prefix that another environment's bucket name starts with", () => {
    const qa = fresh("qa", (e) => (e.bucket = { namePrefix: "edge-gate-prod-" }));
    expect(crossEnvironmentProblems([...shipped(), qa])).toEqual([
      {
        file: "environments/prod.ts and environments/qa.ts",
        field: "bucket.namePrefix",
        message:
          '"edge-gate-prod-" (environments/qa.ts) is the start of "edge-gate-prod-content-123456789012" (environments/prod.ts): grants on "edge-gate-prod-*" would reach both buckets; each environment needs a prefix no other bucket name starts with',
      },
    ]);
  });

  it("a bucket name prefix that starts every other environment's", () => {
    const qa = fresh("qa", (e) => (e.bucket = { namePrefix: "edge-gate-" }));
    const problems = crossEnvironmentProblems([...shipped(), qa]);
    expect(problems.map((p) => [p.file, p.field])).toEqual(
      SHIPPED.map((name) => [
        [`environments/${name}.ts`, "environments/qa.ts"].sort().join(" and "),
        "bucket.namePrefix",
      ]),
    );
    expect(problems[3].message).toBe(
      '"edge-gate-" (environments/qa.ts) is the start of "edge-gate-staging-content-" (environments/staging.ts): grants on "edge-gate-*" would reach both buckets; each environment needs a prefix no other bucket name starts with',
    );
  });

  it("a custom domain", () => {
    const qa = fresh("qa", (e) => {
      e.customDomain = { domainName: "files.example.com", route53ZoneId: "Z0123456789EXAMPLE02" };
    });
    expect(crossEnvironmentProblems([...shipped(), qa])).toEqual([
      {
        file: "environments/prod.ts and environments/qa.ts",
        field: "customDomain.domainName",
        message: `"files.example.com" is used by both; ${OWN}`,
      },
    ]);
  });

  it("one value shared by three environments is one problem naming all three", () => {
    const copy = (e: EnvironmentInput) => (e.cognito.domainPrefix = "edge-gate-staging");
    expect(crossEnvironmentProblems([...shipped(), fresh("qb", copy), fresh("qa", copy)])).toEqual([
      {
        file: "environments/qa.ts, environments/qb.ts and environments/staging.ts",
        field: "cognito.domainPrefix",
        message: `"edge-gate-staging" is used by all of them; ${OWN}`,
      },
    ]);
  });
});

describe("synth refuses clashing environments", () => {
  it("lists every clash of a copied environment file with the others' problems", () => {
    const { message } = loadedFiles({
      "qa.json": jsonVariant("staging", "qa"),
      "staging.json": jsonVariant("staging", "staging"),
    });
    expect(message).toBe(
      [
        "Invalid environment configuration (3 problems):",
        "  environments/qa.json and environments/staging.json: backend: state s3://edge-gate-terraform-state-111122223333/edge-gate/staging.tfstate is used by both; each environment needs its own",
        '  environments/qa.json and environments/staging.json: bucket.namePrefix: "edge-gate-staging-content-" is used by both; each environment needs its own',
        '  environments/qa.json and environments/staging.json: cognito.domainPrefix: "edge-gate-staging" is used by both; each environment needs its own',
      ].join("\n"),
    );
  });
});
