// IAM policy documents rendered as JSON text. Terraform references inside
// (tokens) survive JSON.stringify as `${...}` strings, so the document stays
// readable in the synthesized config and in tests (JSON.parse it).

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
