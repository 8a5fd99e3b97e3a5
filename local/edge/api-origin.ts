// The regional origin: API Gateway HTTP API routes (or a Lambda function URL)
// in front of a regional function, called with payload format 2.0 events and
// its result turned back into HTTP as API Gateway does.
import { randomUUID } from "node:crypto";
import { splitCookieHeader } from "./http-fields";
import { decodeQueryComponent, queryParts } from "./query-string";
import type { OriginResponse } from "./s3-origin";

/** Whether `routeKey` ("ANY /_auth/{proxy+}", "GET /x/{id}", "$default") takes the request; its path parameters. */
export function matchRoute(
  routeKey: string,
  method: string,
  path: string,
): Record<string, string> | null {
  if (routeKey === "$default") return {};
  const [routeMethod, routePath] = routeKey.split(" ");
  if (routeMethod !== "ANY" && routeMethod !== method) return null;
  const params: Record<string, string> = {};
  const routeSegments = routePath.split("/");
  const segments = path.split("/");
  for (let i = 0; i < routeSegments.length; i++) {
    const r = routeSegments[i];
    const greedy = /^\{(\w+)\+\}$/.exec(r);
    if (greedy !== null) {
      const rest = segments.slice(i).join("/");
      if (rest === "") return null;
      params[greedy[1]] = rest;
      return params;
    }
    const s = segments[i];
    if (s === undefined) return null;
    const param = /^\{(\w+)\}$/.exec(r);
    if (param !== null) {
      if (s === "") return null;
      params[param[1]] = s;
    } else if (r !== s) return null;
  }
  return segments.length === routeSegments.length ? params : null;
}

export interface ApiRequestParts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  /** [lowercase name, value] as forwarded to the origin. */
  headers: [string, string][];
  body: Buffer;
  sourceIp: string;
  domainName: string;
  routeKey: string;
  pathParameters: Record<string, string>;
}

/** The payload format 2.0 event API Gateway hands the integration. */
export function apiEvent(parts: ApiRequestParts): Record<string, unknown> {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of parts.headers) {
    if (name === "cookie") {
      cookies = [...(cookies ?? []), ...splitCookieHeader(value)];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [rawName, rawValue] of queryParts(parts.rawQueryString)) {
    const name = decodeQueryComponent(rawName);
    const value = decodeQueryComponent(rawValue);
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const text = parts.body.toString("utf8");
  const binary = !Buffer.from(text, "utf8").equals(parts.body);
  const now = new Date();
  return {
    version: "2.0",
    routeKey: parts.routeKey,
    rawPath: parts.rawPath,
    rawQueryString: parts.rawQueryString,
    ...(cookies === undefined ? {} : { cookies }),
    headers,
    ...(Object.keys(query).length === 0 ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: "123456789012",
      apiId: "local",
      domainName: parts.domainName,
      domainPrefix: parts.domainName.split(".")[0],
      http: {
        method: parts.method,
        path: parts.rawPath,
        protocol: "HTTP/1.1",
        sourceIp: parts.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: parts.routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(parts.pathParameters).length === 0
      ? {}
      : { pathParameters: parts.pathParameters }),
    ...(parts.body.length === 0
      ? { isBase64Encoded: false }
      : { body: binary ? parts.body.toString("base64") : text, isBase64Encoded: binary }),
  };
}

const json = (status: number, message: string): OriginResponse => ({
  status,
  headers: [["content-type", "application/json"]],
  body: Buffer.from(JSON.stringify({ message })),
});

export const notFound = (): OriginResponse => json(404, "Not Found");
export const internalError = (): OriginResponse => json(500, "Internal Server Error");

/** An integration's result as API Gateway answers it (payload 2.0 rules). */
export function apiResponse(result: unknown): OriginResponse {
  const isObject = typeof result === "object" && result !== null && !Array.isArray(result);
  const r = isObject ? (result as Record<string, unknown>) : {};
  if (!isObject || r.statusCode === undefined) {
    // No statusCode: API Gateway treats the whole result as a JSON body.
    const body = typeof result === "string" ? result : JSON.stringify(result);
    return {
      status: 200,
      headers: [["content-type", "application/json"]],
      body: Buffer.from(body),
    };
  }
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return internalError();
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries((r.headers as Record<string, unknown>) ?? {})) {
    headers.push([name.toLowerCase(), String(value)]);
  }
  for (const cookie of Array.isArray(r.cookies) ? r.cookies : [])
    headers.push(["set-cookie", String(cookie)]);
  const body =
    typeof r.body === "string"
      ? Buffer.from(r.body, r.isBase64Encoded === true ? "base64" : "utf8")
      : Buffer.alloc(0);
  return { status, headers, body };
}
