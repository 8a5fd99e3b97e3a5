// What a protection mode hands the rest of the stack. The mode is chosen in
// one place (./index.ts); other constructs only read this interface.

export interface EdgeAssociation {
  eventType: "viewer-request" | "viewer-response" | "origin-request" | "origin-response";
  /** Qualified (versioned) ARN of a Lambda@Edge function. */
  lambdaArn: string;
}

export interface Protection {
  /** Functions attached to every behaviour that serves content. */
  readonly edgeAssociations: EdgeAssociation[];
  /** Key groups CloudFront checks signed URLs/cookies against (signed-cookie mode). */
  readonly trustedKeyGroupIds: string[];
}
