// Session-cookie mode: a viewer-request Lambda@Edge session checker looks the
// viewer's opaque session cookie up in the DynamoDB session table (read-only,
// nearest replica); a regional session manager behind the identity API runs
// the hosted-UI login and logout and writes the sessions. The distribution
// routes /_identity/* to that API, unchecked and uncached.
import * as path from "node:path";
import { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { SessionCookieSettings } from "../../environments/schema/session-cookie";
import { activityIntervalFor } from "../../functions/session-checker/activity";
import type { SessionCheckerConfig } from "../../functions/session-checker/config";
import { CONFIG_VARIABLE, type SessionManagerConfig } from "../../functions/session-manager/config";
import {
  LAST_SEEN_ATTRIBUTE,
  SESSION_KEY_PREFIX,
  TABLE_KEY,
} from "../../functions/shared/session-record";
import { EdgeFunction } from "../edge-function";
import type { PolicyStatement } from "../iam-policy";
import type { IdentityApi } from "../identity-api";
import type { Naming } from "../naming";
import { SessionTable } from "../session-table";
import type { UserDirectory } from "../user-directory";
import { renderPathRules } from "./path-rules";
import {
  HostedUiLogin,
  type EdgeAssociation,
  type Protection,
  type RoutedOrigin,
  type Site,
  type StackOutput,
} from "./protection";

export const SESSION_CHECKER_ENTRY = path.resolve(
  __dirname,
  "../../functions/session-checker/handler.ts",
);
export const SESSION_MANAGER_ENTRY = path.resolve(
  __dirname,
  "../../functions/session-manager/handler.ts",
);

/** Where the distribution sends identity requests; the API routes the same prefix. */
export const IDENTITY_BASE_PATH = "/_identity";

/** Bound on a request's table calls together, well under Lambda@Edge's 5 s viewer-request limit. */
const LOOKUP_TIMEOUT_MS = 1000;
/** An unknown id is usually a just-expired cookie; remember that briefly only, so a fresh login passes soon. */
const NEGATIVE_CACHE_SECONDS = 5;
/** Sessions an edge instance remembers; their bytes have a budget of their own (check-session.ts). */
const CACHE_MAX_ENTRIES = 10000;

export interface SessionCookieProtectionProps {
  settings: SessionCookieSettings;
  users: UserDirectory;
  naming: Naming;
  homeRegion: string;
  corsAllowedOrigins: string[];
  edgeProvider: AwsProvider;
  accountIds?: string[];
}

export class SessionCookieProtection extends Construct implements Protection {
  readonly sessions: SessionTable;
  readonly checker: EdgeFunction;
  readonly identityApi: IdentityApi;
  readonly edgeAssociations: EdgeAssociation[];
  readonly trustedKeyGroupIds: string[] = [];
  readonly routedOrigins: RoutedOrigin[];
  /** The session cookie is what a cross-origin fetch must be allowed to send. */
  readonly corsCredentials = true;
  private readonly login: HostedUiLogin;
  private site?: Site;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SessionCookieProtectionProps,
  ) {
    super(scope, id);
    const { settings, naming, homeRegion } = props;

    // The groups the path rules name exist in the pool; a session carries its
    // user's groups from the login's verified ID token.
    props.users.addPathRuleGroups(this, settings.paths.groups);

    this.sessions = new SessionTable(this, "sessions", {
      name: naming.resource("sessions"),
      homeRegion,
      replicaRegions: settings.replicaRegions,
    });

    const config: SessionCheckerConfig = {
      cookieName: settings.cookieName,
      table: {
        name: this.sessions.table.name,
        homeRegion,
        replicaRegions: settings.replicaRegions,
        endpoint: "https://dynamodb.{region}.amazonaws.com",
      },
      lookupTimeoutMs: LOOKUP_TIMEOUT_MS,
      positiveCacheSeconds: settings.lookupCacheSeconds,
      negativeCacheSeconds: Math.min(NEGATIVE_CACHE_SECONDS, settings.lookupCacheSeconds),
      cacheMaxEntries: CACHE_MAX_ENTRIES,
      idleTimeoutSeconds: minutesToSeconds(settings.idleTimeoutMinutes),
      activityIntervalSeconds: activityIntervalFor(minutesToSeconds(settings.idleTimeoutMinutes)),
      loginPath: `${IDENTITY_BASE_PATH}/login`,
      rules: renderPathRules(settings.paths),
      identityHeader: settings.identityHeader,
      corsAllowedOrigins: props.corsAllowedOrigins,
    };
    this.checker = new EdgeFunction(this, "viewer-request", {
      functionName: naming.resource("session-checker"),
      description:
        "edge-gate: checks the session cookie against the session table (viewer request)",
      entry: SESSION_CHECKER_ENTRY,
      config,
      provider: props.edgeProvider,
      accountIds: props.accountIds,
      // Reads wherever the function runs (the home table or a replica);
      // writes one attribute, at home, and only with an idle timeout.
      statements: [
        {
          Sid: "ReadSessions",
          Effect: "Allow",
          Action: ["dynamodb:GetItem"],
          Resource: [...this.sessions.arns],
        },
        ...(config.idleTimeoutSeconds === null ? [] : [recordActivity(this.sessions.homeArn)]),
      ],
    });
    this.edgeAssociations = [{ eventType: "viewer-request", lambdaArn: this.checker.qualifiedArn }];

    this.login = new HostedUiLogin(this, {
      users: props.users,
      naming,
      basePath: IDENTITY_BASE_PATH,
      apiDescription: "edge-gate: hosted-UI login, callback and logout (session manager)",
      homeRegion,
      accountIds: props.accountIds,
      edgeProvider: props.edgeProvider,
    });
    this.identityApi = this.login.api;
    this.routedOrigins = [this.login.routedOrigin];
  }

  /** The app client and the session manager: both name the site's origin. */
  connect(site: Site): void {
    if (this.site) throw new Error("SessionCookieProtection.connect called twice");
    this.site = site;
    const { settings, homeRegion } = this.props;
    this.login.connect(site, {
      id: "session-manager",
      description: "edge-gate: hosted-UI login and logout, mints and revokes sessions",
      entry: SESSION_MANAGER_ENTRY,
      callbackPath: "/auth",
      afterLogoutPath: settings.afterLogoutPath,
      configVariable: CONFIG_VARIABLE,
      config: (hostedUi): SessionManagerConfig => ({
        siteOrigin: site.origin,
        basePath: IDENTITY_BASE_PATH,
        hostedUi,
        // The manager runs in the home region and writes there; replicas follow.
        table: { name: this.sessions.table.name, region: homeRegion, endpoint: null },
        cookieName: settings.cookieName,
        sessionLifetimeSeconds: settings.sessionLifetimeHours * 3600,
        idleTimeoutSeconds: minutesToSeconds(settings.idleTimeoutMinutes),
        afterLogoutPath: settings.afterLogoutPath,
      }),
      statements: [
        {
          Sid: "ManageSessions",
          Effect: "Allow",
          Action: [
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
          ],
          Resource: this.sessions.homeArn,
        },
      ],
    });
  }

  get outputs(): Record<string, StackOutput> {
    const outputs: Record<string, StackOutput> = {
      session_table: { value: this.sessions.table.name, description: "DynamoDB session table" },
    };
    if (this.site) {
      outputs.login_url = {
        value: `${this.site.origin}${IDENTITY_BASE_PATH}/login`,
        description: "Where a browser logs in (hosted UI, then back to the site)",
      };
    }
    return outputs;
  }
}

/**
 * The checker's activity record: UpdateItem on the home table (the one the
 * session manager deletes from, so a record cannot race a logout through a
 * replica), naming only the key and lastSeenAt (IAM counts the condition's
 * attributes too), on session items only, returning nothing.
 */
function recordActivity(homeArn: string): PolicyStatement {
  return {
    Sid: "RecordActivity",
    Effect: "Allow",
    Action: ["dynamodb:UpdateItem"],
    Resource: [homeArn],
    Condition: {
      "ForAllValues:StringEquals": { "dynamodb:Attributes": [TABLE_KEY, LAST_SEEN_ATTRIBUTE] },
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${SESSION_KEY_PREFIX}*`] },
      StringEqualsIfExists: { "dynamodb:ReturnValues": "NONE" },
    },
  };
}

function minutesToSeconds(minutes: number | null): number | null {
  return minutes === null ? null : minutes * 60;
}
