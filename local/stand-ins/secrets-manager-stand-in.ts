// AWS Secrets Manager's JSON protocol on 127.0.0.1, enough for the AWS SDK v3
// client: CreateSecret, PutSecretValue and GetSecretValue on an in-memory
// map, a request counter, and switchable faults (denied, missing, 500, hang)
// so code that reads a private key can be tested against real HTTP.
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import { closeServer, listenOnLoopback, readBody } from "../loopback-server";

export type SecretsFault = "none" | "access-denied" | "not-found" | "server-error" | "hang";

export interface SecretsManagerStandIn {
  /** http://127.0.0.1:<port>: the SDK client's `endpoint`. */
  endpoint: string;
  region: string;
  /** Stores `value` under `name`; returns the secret's ARN. */
  put: (name: string, value: string) => string;
  /** The current value of a secret (by name or ARN), if any. */
  value: (nameOrArn: string) => string | undefined;
  /** GetSecretValue calls received so far. */
  reads: () => number;
  fault: SecretsFault;
  close: () => Promise<void>;
}

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";

interface Secret {
  name: string;
  arn: string;
  value: string;
  versionId: string;
}

function error(res: http.ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
  res.end(JSON.stringify({ __type: type, message }));
}

export async function startSecretsManagerStandIn(): Promise<SecretsManagerStandIn> {
  const secrets = new Map<string, Secret>();
  let reads = 0;
  const find = (id: unknown) =>
    typeof id === "string"
      ? (secrets.get(id) ?? [...secrets.values()].find((s) => s.arn === id))
      : undefined;
  const store = (name: string, value: string): Secret => {
    const suffix = randomUUID().slice(0, 6);
    const existing = secrets.get(name);
    const secret: Secret = {
      name,
      arn: existing?.arn ?? `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${suffix}`,
      value,
      versionId: randomUUID(),
    };
    secrets.set(name, secret);
    return secret;
  };

  const standIn: SecretsManagerStandIn = {
    endpoint: "",
    region: REGION,
    put: (name, value) => store(name, value).arn,
    value: (id) => find(id)?.value,
    reads: () => reads,
    fault: "none",
    close: () => closeServer(server),
  };

  const server = http.createServer((req, res) => {
    // A body that cannot be read (the client went away) ends the exchange.
    readBody(req).then(
      (raw) => {
        const target = String(req.headers["x-amz-target"] ?? "");
        const operation = target.replace(/^secretsmanager\./, "");
        if (operation === "GetSecretValue") reads += 1;
        if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ")) {
          error(res, 400, "MissingAuthenticationTokenException", "request is not signed");
          return;
        }
        switch (standIn.fault) {
          case "hang":
            return;
          case "server-error":
            error(res, 500, "InternalServiceError", "internal error");
            return;
          case "access-denied":
            error(res, 400, "AccessDeniedException", "not authorized to read this secret");
            return;
          case "not-found":
            error(res, 400, "ResourceNotFoundException", "Secrets Manager can't find the secret");
            return;
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
        } catch {
          error(res, 400, "SerializationException", "body is not JSON");
          return;
        }
        const ok = (payload: unknown) => {
          res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
          res.end(JSON.stringify(payload));
        };
        if (operation === "CreateSecret" || operation === "PutSecretValue") {
          const name = String(body.Name ?? body.SecretId ?? "");
          if (operation === "CreateSecret" && secrets.has(name)) {
            error(res, 400, "ResourceExistsException", "the secret already exists");
            return;
          }
          if (operation === "PutSecretValue" && find(name) === undefined) {
            error(res, 400, "ResourceNotFoundException", "Secrets Manager can't find the secret");
            return;
          }
          const secret = store(find(name)?.name ?? name, String(body.SecretString ?? ""));
          ok({ ARN: secret.arn, Name: secret.name, VersionId: secret.versionId });
          return;
        }
        if (operation === "GetSecretValue") {
          const secret = find(body.SecretId);
          if (secret === undefined) {
            error(res, 400, "ResourceNotFoundException", "Secrets Manager can't find the secret");
            return;
          }
          ok({
            ARN: secret.arn,
            Name: secret.name,
            VersionId: secret.versionId,
            SecretString: secret.value,
            VersionStages: ["AWSCURRENT"],
            CreatedDate: Date.now() / 1000,
          });
          return;
        }
        error(res, 400, "UnknownOperationException", `unsupported operation ${operation}`);
      },
      () => res.destroy(),
    );
  });
  const port = await listenOnLoopback(server, 0);
  standIn.endpoint = `http://127.0.0.1:${port}`;
  return standIn;
}
