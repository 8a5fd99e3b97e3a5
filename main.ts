// Synthesizes one stack per environment file in environments/.
import { App } from "cdktf";
import { EnvironmentError, loadEnvironments } from "./environments/schema/load";
import { ProtectedContentStack } from "./stacks/protected-content-stack";

function main(): void {
  let environments;
  try {
    environments = loadEnvironments();
  } catch (err) {
    if (err instanceof EnvironmentError) {
      // A config mistake is the user's to fix: the message, not a stack trace.
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = new App();
  for (const env of environments) new ProtectedContentStack(app, env);
  app.synth();
}

main();
