// What a protection mode hands the rest of the stack. The mode is chosen in
// one place (./index.ts); other constructs only read this interface.

export interface EdgeAssociation {
  eventType: "viewer-request" | "viewer-response" | "origin-request" | "origin-response";
  /** Qualified (versioned) ARN of a Lambda@Edge function. */
  lambdaArn: string;
}

/** Paths the distribution sends to an HTTPS origin of the mode's own (login, callback, logout). */
export interface RoutedOrigin {
  /** CloudFront path pattern, e.g. `/_identity/*`. */
  pathPattern: string;
  originId: string;
  /** Host name of the HTTPS origin (no scheme). */
  domainName: string;
}

/** The site as viewers see it, known only once the distribution exists. */
export interface Site {
  /** e.g. https://d111.cloudfront.net or https://files.example.com */
  origin: string;
}

export interface StackOutput {
  value: unknown;
  description: string;
}

export interface Protection {
  /** Functions attached to every behaviour that serves content. */
  readonly edgeAssociations: EdgeAssociation[];
  /** Key groups CloudFront checks signed URLs/cookies against (signed-cookie mode). */
  readonly trustedKeyGroupIds: string[];
  /** Uncached, unchecked behaviours to the mode's own origins; no edge function runs there. */
  readonly routedOrigins: RoutedOrigin[];
  /**
   * Called once the distribution exists, for what needs the site's origin
   * (Cognito callback URLs, redirects). Nothing made here may feed back into
   * the distribution.
   */
  connect?(site: Site): void;
  /** Stack outputs of the mode, read after `connect`. */
  readonly outputs?: Record<string, StackOutput>;
}
