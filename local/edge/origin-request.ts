// What CloudFront sends an origin: the viewer's headers, cookies and query
// string filtered by the origin request policy (and the cache policy, whose
// key parts are forwarded too), plus the headers CloudFront adds itself.
import { normalizedAcceptEncoding } from "./cache";
import { decodeQueryComponent, splitQueryPart } from "./query-string";
import {
  listIncludes,
  type CachePolicy,
  type NameList,
  type OriginRequestPolicy,
} from "./policies";

export interface ViewerParts {
  /** [lowercase name, value] in arrival order (the Cookie header excluded). */
  headers: [string, string][];
  cookies: [string, string][];
  querystring: string;
  clientIp: string;
  requestId: string;
}

export interface OriginParts {
  headers: [string, string][];
  querystring: string;
}

function union(a: NameList, b: NameList): (name: string) => boolean {
  return (name) => listIncludes(a, name) || listIncludes(b, name);
}

const NONE: NameList = { behaviour: "none", items: [] };

/** The request parts forwarded to the origin. */
export function originParts(
  viewer: ViewerParts,
  cachePolicy: CachePolicy,
  originPolicy: OriginRequestPolicy | null,
  originHost: string,
): OriginParts {
  const headerAllowed = union(cachePolicy.headers, originPolicy?.headers ?? NONE);
  const cookieAllowed = union(cachePolicy.cookies, originPolicy?.cookies ?? NONE);
  const queryAllowed = union(cachePolicy.queryStrings, originPolicy?.queryStrings ?? NONE);
  const headers = viewer.headers.filter(
    ([name]) => name !== "host" && name !== "accept-encoding" && headerAllowed(name),
  );
  const cookies = viewer.cookies.filter(([name]) => cookieAllowed(name));
  if (cookies.length > 0) headers.push(["cookie", cookies.map(([n, v]) => `${n}=${v}`).join("; ")]);
  const viewerEncodings = viewer.headers.filter(([n]) => n === "accept-encoding").map(([, v]) => v);
  const encoding = normalizedAcceptEncoding(
    viewerEncodings.length === 0 ? undefined : viewerEncodings.join(","),
    cachePolicy,
  );
  if (encoding !== null) headers.push(["accept-encoding", encoding]);
  if (!headers.some(([n]) => n === "user-agent")) headers.push(["user-agent", "Amazon CloudFront"]);
  const forwardedFor = headers.find(([n]) => n === "x-forwarded-for");
  if (forwardedFor !== undefined) forwardedFor[1] = `${forwardedFor[1]}, ${viewer.clientIp}`;
  else headers.push(["x-forwarded-for", viewer.clientIp]);
  headers.push(["via", "1.1 local.cloudfront.net (CloudFront)"]);
  headers.push(["x-amz-cf-id", viewer.requestId]);
  headers.push(["host", originHost]);
  const querystring = viewer.querystring
    .split("&")
    .filter((part) => part !== "" && queryAllowed(decodeQueryComponent(splitQueryPart(part)[0])))
    .join("&");
  return { headers, querystring };
}
