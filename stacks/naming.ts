// Every AWS resource name edge-gate creates comes from here, so names stay
// predictable (`<env>-<purpose>`) and are never spelled twice.
import type { Environment } from "../environments/schema";

export class Naming {
  constructor(private readonly env: Pick<Environment, "name">) {}

  /** `<env>-<purpose>`, e.g. `dev-bearer-jwt`. */
  resource(purpose: string): string {
    return `${this.env.name}-${purpose}`;
  }
}
