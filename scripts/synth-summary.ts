// Reads synthesized stacks (cdktf.out/stacks/<env>/cdk.tf.json) and describes
// each in a few lines: protection mode, regions, resources by type, and
// warnings about settings that need the user's attention.
import * as fs from "node:fs";
import * as path from "node:path";

export interface StackSummary {
  name: string;
  mode: string;
  /** Region of each AWS provider, the home one first. */
  regions: string[];
  backend: string;
  resourcesByType: Record<string, number>;
  dataSourcesByType: Record<string, number>;
  resourceCount: number;
  /** One line each, naming the environment and the fix. */
  warnings: string[];
}

type TfJson = {
  provider?: { aws?: { region?: string; alias?: string }[] };
  terraform?: { backend?: Record<string, unknown> };
  output?: Record<string, { value?: unknown }>;
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
};

/** TLS versions CloudFront's viewer certificate settings accept below TLS 1.2. */
const OLD_TLS_MINIMUMS = new Set(["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"]);

/**
 * Warnings for distributions that accept TLS 1.0 or 1.1: CloudFront's
 * default certificate does (its minimum cannot be raised), as does an
 * explicit old minimum.
 */
export function tlsWarnings(
  name: string,
  resources: Record<string, Record<string, unknown>> | undefined,
): string[] {
  const distributions = Object.values(resources?.aws_cloudfront_distribution ?? {});
  return distributions.flatMap((d) => {
    const certificate = ((d as { viewer_certificate?: Record<string, unknown> })
      .viewer_certificate ?? {}) as Record<string, unknown>;
    if (certificate.cloudfront_default_certificate === true) {
      return [
        `${name}: no custom domain, so CloudFront's default certificate accepts TLSv1 and TLSv1.1 (its minimum cannot be raised); give the environment a customDomain to require TLSv1.2_2021`,
      ];
    }
    const minimum = String(certificate.minimum_protocol_version ?? "");
    return OLD_TLS_MINIMUMS.has(minimum)
      ? [`${name}: the distribution accepts TLS versions below 1.2 (${minimum}); use TLSv1.2_2021`]
      : [];
  });
}

function countByType(blocks: Record<string, Record<string, unknown>> | undefined) {
  const counts: Record<string, number> = {};
  for (const [type, byName] of Object.entries(blocks ?? {})) {
    counts[type] = Object.keys(byName).length;
  }
  return counts;
}

export function summarizeStack(name: string, tf: TfJson): StackSummary {
  const providers = [...(tf.provider?.aws ?? [])].sort(
    (a, b) => Number(a.alias !== undefined) - Number(b.alias !== undefined),
  );
  const resourcesByType = countByType(tf.resource);
  return {
    name,
    mode: String(tf.output?.protection_mode?.value ?? "unknown"),
    regions: providers.map((p) => p.region ?? "?"),
    backend: Object.keys(tf.terraform?.backend ?? { local: {} })[0],
    resourcesByType,
    dataSourcesByType: countByType(tf.data),
    resourceCount: Object.values(resourcesByType).reduce((a, b) => a + b, 0),
    warnings: tlsWarnings(name, tf.resource),
  };
}

/** Summaries of the stacks of the last synth, as its manifest lists them (stale folders are ignored). */
export function readStacks(outdir: string): StackSummary[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, stack]) => {
      const file = path.join(outdir, stack.synthesizedStackPath);
      return summarizeStack(name, JSON.parse(fs.readFileSync(file, "utf8")) as TfJson);
    });
}

export function formatSummary(s: StackSummary): string {
  const [home, ...others] = s.regions;
  const lines = [
    `${s.name}: mode ${s.mode}; home region ${home}${others.length ? `, edge ${others.join(", ")}` : ""}; backend ${s.backend}; ${s.resourceCount} resources`,
  ];
  for (const [type, n] of Object.entries(s.resourcesByType).sort()) {
    lines.push(`  ${String(n).padStart(3)}  ${type}`);
  }
  for (const [type, n] of Object.entries(s.dataSourcesByType).sort()) {
    lines.push(`  ${String(n).padStart(3)}  data.${type}`);
  }
  for (const warning of s.warnings) lines.push(`  warning: ${warning}`);
  return lines.join("\n");
}
