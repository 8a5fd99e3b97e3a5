// The local run's test users, derived from the environment's path rules: one
// in every group the rules name, one in none, so that group folders open
// for the first and stay shut for the second, and each sees only their own
// user folder. Passwords are made per run and printed by the CLI.
import { randomBytes } from "node:crypto";
import type { StandInUser } from "../stand-ins/cognito-stand-in";

export interface PathRulesInput {
  public: readonly string[];
  groups: readonly { group: string; prefix: string }[];
  users: readonly string[];
}

/** A password the stand-in accepts and a person can type: 4 groups of 4 letters and digits. */
export function newPassword(random: (bytes: number) => Buffer = randomBytes): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const chars = [...random(16)].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/** alice (every group of the rules) and bob (none), with fixed subs so their folders are stable. */
export function testUsersFor(
  rules: PathRulesInput,
  password: () => string = () => newPassword(),
): StandInUser[] {
  const groups = [...new Set(rules.groups.map((rule) => rule.group))];
  return [
    {
      username: "alice",
      password: password(),
      sub: "3b9f1e0c-5a7d-4c2e-9f61-0d8a4b7c2e11",
      email: "alice@example.com",
      groups,
    },
    {
      username: "bob",
      password: password(),
      sub: "8c2d4f6a-1b3e-4d5f-a7b9-c1d3e5f7a9b2",
      email: "bob@example.com",
      groups: [],
    },
  ];
}
