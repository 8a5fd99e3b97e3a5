// The session manager's runtime config: one JSON environment variable
// (EDGE_GATE_CONFIG) rendered by stacks/protection/session-cookie.ts and read
// once per container by functions/session-manager/handler.ts.
import type { HostedUiSettings } from "../shared/hosted-ui/settings";

export const CONFIG_VARIABLE = "EDGE_GATE_CONFIG";

export interface SessionManagerConfig {
  /** The viewer-facing origin, e.g. https://d111.cloudfront.net or https://files.example.com. */
  siteOrigin: string;
  /** Path prefix the API is routed under on the distribution. */
  basePath: string;
  /** Cognito hosted UI, app client and token issuer. */
  hostedUi: HostedUiSettings;
  table: {
    name: string;
    region: string;
    /** DynamoDB endpoint URL; null for the region's default. A loopback URL in tests. */
    endpoint: string | null;
  };
  /** Name of the session cookie (the checker reads the same name). */
  cookieName: string;
  /** Absolute session lifetime, seconds. */
  sessionLifetimeSeconds: number;
  /** Idle timeout, seconds; null: none. */
  idleTimeoutSeconds: number | null;
  /** Same-site path the hosted UI's logout returns to. */
  afterLogoutPath: string;
}
