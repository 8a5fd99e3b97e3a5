// The test-side CloudFront verifier must itself refuse what CloudFront
// refuses, or the issuer's tests would prove nothing: policies signed here
// with node:crypto, judged on wildcards, conditions and encodings.
import * as crypto from "node:crypto";
import {
  checkPolicy,
  checkSignedCookies,
  fromCloudFrontBase64,
  resourceMatches,
} from "../../support/cloudfront-signed-cookies";
import { pooledKeyPair } from "../../support/key-pool";

const { privateKey, publicKey } = pooledKeyPair({ type: "rsa", modulusLength: 2048 });
const group = new Map([["KTEST", publicKey]]);
const NOW = 1_900_000_000;
const toCloudFront = (bytes: Buffer) =>
  bytes.toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");

function cookiesFor(policy: object, hash: "sha1" | "sha256" = "sha1"): [string, string][] {
  const text = Buffer.from(JSON.stringify(policy));
  const cookies: [string, string][] = [
    ["CloudFront-Policy", toCloudFront(text)],
    ["CloudFront-Signature", toCloudFront(crypto.sign(hash, text, privateKey))],
    ["CloudFront-Key-Pair-Id", "KTEST"],
  ];
  if (hash === "sha256") cookies.push(["CloudFront-Hash-Algorithm", "SHA256"]);
  return cookies;
}

const statement = (condition: object, resource = "https://s.example/a/*") => ({
  Statement: [{ Resource: resource, Condition: condition }],
});
const until = { DateLessThan: { "AWS:EpochTime": NOW + 60 } };
const request = (url: string, cookies: [string, string][], sourceIp?: string) => ({
  url,
  cookies,
  now: NOW,
  sourceIp,
});

it("matches * over any run of characters and ? over exactly one", () => {
  expect(resourceMatches("https://s/a/*", "https://s/a/b/c.pdf?x=1")).toBe(true);
  expect(resourceMatches("https://s/a/*", "https://s/ab")).toBe(false);
  expect(resourceMatches("https://s/a/?.pdf", "https://s/a/1.pdf")).toBe(true);
  expect(resourceMatches("https://s/a/?.pdf", "https://s/a/12.pdf")).toBe(false);
  expect(resourceMatches("https://s/a.pdf", "https://s/aXpdf")).toBe(false);
});

it("accepts a policy it was signed for, with SHA1 or SHA256", () => {
  const url = "https://s.example/a/b.pdf";
  expect(checkSignedCookies(request(url, cookiesFor(statement(until))), group)).toEqual({
    allow: true,
  });
  expect(checkSignedCookies(request(url, cookiesFor(statement(until), "sha256")), group)).toEqual({
    allow: true,
  });
});

it("judges DateGreaterThan and IpAddress conditions", () => {
  const url = "https://s.example/a/b.pdf";
  const later = { ...until, DateGreaterThan: { "AWS:EpochTime": NOW + 30 } };
  expect(checkSignedCookies(request(url, cookiesFor(statement(later))), group).allow).toBe(false);
  const office = { ...until, IpAddress: { "AWS:SourceIp": "192.0.2.0/24" } };
  expect(
    checkSignedCookies(request(url, cookiesFor(statement(office)), "192.0.2.77"), group).allow,
  ).toBe(true);
  expect(
    checkSignedCookies(request(url, cookiesFor(statement(office)), "198.51.100.1"), group).allow,
  ).toBe(false);
});

it("refuses policies without DateLessThan, with two statements or unknown conditions", () => {
  const url = "https://s.example/a/b.pdf";
  const r = (policy: object) => checkPolicy(JSON.stringify(policy), request(url, []));
  expect(r(statement({})).allow).toBe(false);
  expect(
    r({ Statement: [...statement(until).Statement, ...statement(until).Statement] }).allow,
  ).toBe(false);
  expect(r(statement({ ...until, Referer: "x" })).allow).toBe(false);
});

it("refuses a set sent twice, an unknown hash and a foreign alphabet", () => {
  const url = "https://s.example/a/b.pdf";
  const set = cookiesFor(statement(until));
  expect(checkSignedCookies(request(url, [...set, ...set]), group).allow).toBe(false);
  expect(
    checkSignedCookies(request(url, [...set, ["CloudFront-Hash-Algorithm", "MD5"]]), group).allow,
  ).toBe(false);
  expect(fromCloudFrontBase64("ab+/")).toBeNull();
  expect(fromCloudFrontBase64("YQ__")?.toString()).toBe("a");
});
