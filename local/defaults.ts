// Defaults of a local run, apart from the code that uses them: the CLI prints
// them in its usage without loading the servers.

/** Lambda@Edge functions are created in us-east-1; a viewer near it is served there. */
export const DEFAULT_EDGE_REGION = "us-east-1";

/** Typical global-table lag is under a second; a visible delay makes the replica path show. */
export const DEFAULT_REPLICATION_DELAY_MS = 1000;
